import { delay, http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { fetchWithDeadline } from "@/lib/supabase/fetch-with-deadline";
import { server } from "@/tests/support/msw/server";

const url = "http://supabase.test/rest/v1/slow";

describe("fetchWithDeadline", () => {
  it("gives all calls of one client a single deadline, counted from the first call, not one each", async () => {
    server.use(http.get(url, () => HttpResponse.json([])));
    const deadlineMs = 1_000;
    const fetchForOneRequest = fetchWithDeadline(deadlineMs);

    const startedAt = performance.now();
    const first = await fetchForOneRequest(url);
    expect(first.status).toBe(200);
    // Past the first call's deadline (a slower machine only waits longer). A call that would get a deadline of its
    // own would be answered at once; this one starts with the shared deadline already spent.
    await new Promise((resolve) => setTimeout(resolve, deadlineMs - (performance.now() - startedAt) + 50));

    await expect(fetchForOneRequest(url)).rejects.toThrow(/abort|timeout/i);
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
