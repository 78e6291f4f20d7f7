import { afterEach, describe, expect, it } from "vitest";
import { forgetVerifiedClaims, rememberVerified, verifiedSubject } from "@/lib/auth/verified-claims-cache";

const now = 1_800_000_000_000;
const exp = now / 1000 + 60;

afterEach(() => forgetVerifiedClaims());

describe("verified claims cache", () => {
  it("answers for the byte-identical token until its exp, then forgets it", () => {
    rememberVerified("token-a", { sub: "user-a", exp }, now);
    expect(verifiedSubject("token-a", now)).toBe("user-a");
    expect(verifiedSubject("token-a ", now)).toBeNull();
    expect(verifiedSubject("token-a", exp * 1000)).toBeNull();
    expect(verifiedSubject("token-a", now)).toBeNull();
  });

  it("keeps nothing without sub or exp, or already expired", () => {
    rememberVerified("no-exp", { sub: "u" }, now);
    rememberVerified("no-sub", { exp }, now);
    rememberVerified("expired", { sub: "u", exp: now / 1000 - 1 }, now);
    expect(["no-exp", "no-sub", "expired"].map((t) => verifiedSubject(t, now))).toEqual([null, null, null]);
  });

  it("is bounded: the oldest entry goes first", () => {
    for (let i = 0; i <= 1000; i++) rememberVerified(`t${i}`, { sub: `u${i}`, exp }, now);
    expect(verifiedSubject("t0", now)).toBeNull();
    expect(verifiedSubject("t1", now)).toBe("u1");
    expect(verifiedSubject("t1000", now)).toBe("u1000");
  });
});
