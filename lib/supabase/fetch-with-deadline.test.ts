import { delay, http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { fetchWithDeadline } from "@/lib/supabase/fetch-with-deadline";
import { server } from "@/tests/support/msw/server";

const url = "http://supabase.test/rest/v1/slow";

describe("fetchWithDeadline", () => {
  it("gives all calls of one client a single deadline, not one each", async () => {
    server.use(
      http.get(url, async () => {
        await delay(150);
        return HttpResponse.json([]);
      }),
    );
    const fetchForOneRequest = fetchWithDeadline(250);

    const first = await fetchForOneRequest(url);
    const second = fetchForOneRequest(url);

    expect(first.status).toBe(200);
    await expect(second).rejects.toThrow(/abort|timeout/i);
  });

  it("still honours the caller's own abort signal", async () => {
    server.use(
      http.get(url, async () => {
        await delay("infinite");
        return HttpResponse.json([]);
      }),
    );
    const controller = new AbortController();

    const call = fetchWithDeadline(10_000)(url, { signal: controller.signal });
    controller.abort();

    await expect(call).rejects.toThrow(/abort/i);
  });
});
