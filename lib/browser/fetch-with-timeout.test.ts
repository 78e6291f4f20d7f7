import { delay, http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { fetchWithTimeout, TimeoutError } from "@/lib/browser/fetch-with-timeout";
import { server } from "@/tests/support/msw/server";

const URL_ = "http://app.test/api/slow";

describe("fetchWithTimeout", () => {
  it("returns the response when it arrives in time", async () => {
    server.use(http.get(URL_, () => HttpResponse.json({ ok: true })));
    const response = await fetchWithTimeout(URL_, { timeoutMs: 1000 });
    expect(await response.json()).toEqual({ ok: true });
  });

  it("throws a TimeoutError when the deadline passes", async () => {
    server.use(
      http.get(URL_, async () => {
        await delay("infinite");
        return HttpResponse.json({});
      }),
    );
    const error = await fetchWithTimeout(URL_, { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(30);
  });

  it("rethrows the caller's own abort rather than a TimeoutError", async () => {
    server.use(
      http.get(URL_, async () => {
        await delay("infinite");
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const pending = fetchWithTimeout(URL_, { timeoutMs: 5000, signal: controller.signal });
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect((error as Error).name).toBe("AbortError");
  });

  it("passes network errors through", async () => {
    server.use(http.get(URL_, () => HttpResponse.error()));
    await expect(fetchWithTimeout(URL_, { timeoutMs: 1000 })).rejects.toThrow(TypeError);
  });
});
