import { describe, expect, it } from "vitest";
import { StatsRecorder, mapAuthorization } from "./gateway.ts";
import { ANON_KEY, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY } from "./keys.ts";

describe("mapAuthorization (Kong's apikey → Authorization rewrite)", () => {
  it("keeps a non-sb_ Authorization header", () => {
    expect(mapAuthorization({ authorization: "Bearer user.jwt.sig", apikey: SECRET_KEY })).toBe("Bearer user.jwt.sig");
  });
  it("maps the secret key to the service_role JWT and the publishable key to the anon JWT", () => {
    expect(mapAuthorization({ authorization: `Bearer ${SECRET_KEY}`, apikey: SECRET_KEY })).toBe(
      `Bearer ${SERVICE_ROLE_KEY}`,
    );
    expect(mapAuthorization({ authorization: `Bearer ${PUBLISHABLE_KEY}`, apikey: PUBLISHABLE_KEY })).toBe(
      `Bearer ${ANON_KEY}`,
    );
    expect(mapAuthorization({ apikey: PUBLISHABLE_KEY })).toBe(`Bearer ${ANON_KEY}`);
  });
  it("uses a JWT apikey itself, and leaves anything else alone", () => {
    expect(mapAuthorization({ apikey: ANON_KEY })).toBe(`Bearer ${ANON_KEY}`);
    expect(mapAuthorization({ apikey: "garbage" })).toBeUndefined();
    expect(mapAuthorization({})).toBeUndefined();
  });
});

describe("StatsRecorder", () => {
  it("counts per service, method and status, 409 codes and request ids; reset clears", () => {
    const s = new StatsRecorder();
    s.response("rest", "GET", 200);
    s.response("rest", "POST", 409);
    s.conflict("23505");
    s.conflict("23505");
    s.response("auth", "GET", 200, "/user");
    s.request("rest", "a");
    s.request("rest", "a");
    s.request("auth", "a");
    s.request("rest", undefined);
    const snap = s.snapshot();
    expect(snap.services.rest).toMatchObject({
      total: 2,
      byMethod: { GET: 1, POST: 1 },
      byStatus: { "200": 1, "409": 1 },
    });
    expect(snap.services.auth.byRoute).toEqual({ "GET /user": 1 });
    expect(snap.conflicts).toEqual({ "23505": 2 });
    expect(snap.byRequestId).toEqual({ a: { rest: 2, auth: 1 } });
    s.reset();
    expect(s.snapshot()).toMatchObject({ conflicts: {}, byRequestId: {}, services: { rest: { total: 0 } } });
  });

  it("keeps only the latest 10k request ids", () => {
    const s = new StatsRecorder();
    for (let i = 0; i < 10_005; i++) s.request("rest", `id-${i}`);
    const ids = Object.keys(s.snapshot().byRequestId);
    expect(ids).toHaveLength(10_000);
    expect(ids[0]).toBe("id-5");
  });
});
