import { afterEach, describe, expect, it } from "vitest";
import { forgetVerifiedClaims, rememberVerified, verifiedSubject } from "@/lib/auth/verified-claims-cache";

const now = 1_800_000_000_000;

/** A token-shaped string with this header (the cache reads the header only; getClaims() checked the rest). */
function token(name: string, header: object = { alg: "ES256", kid: "key-1", typ: "JWT" }): string {
  return `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${name}.signature`;
}
const exp = now / 1000 + 60;

afterEach(() => forgetVerifiedClaims());

describe("verified claims cache", () => {
  it("answers for the byte-identical token until its exp, then forgets it", () => {
    const a = token("a");
    rememberVerified(a, { sub: "user-a", exp }, now);
    expect(verifiedSubject(a, now)).toBe("user-a");
    expect(verifiedSubject(`${a} `, now)).toBeNull();
    expect(verifiedSubject(a, exp * 1000)).toBeNull();
    expect(verifiedSubject(a, now)).toBeNull();
  });

  it("keeps nothing without sub or exp, or already expired", () => {
    const [noExp, noSub, expired] = [token("no-exp"), token("no-sub"), token("expired")];
    rememberVerified(noExp, { sub: "u" }, now);
    rememberVerified(noSub, { exp }, now);
    rememberVerified(expired, { sub: "u", exp: now / 1000 - 1 }, now);
    expect([noExp, noSub, expired].map((t) => verifiedSubject(t, now))).toEqual([null, null, null]);
  });

  it("keeps only tokens verified with the signing keys: not HS*, not without a kid (Auth checks those)", () => {
    const symmetric = ["HS256", "HS384", "HS512"].map((alg) => token(alg, { alg, kid: "legacy", typ: "JWT" }));
    const noKid = token("no-kid", { alg: "ES256", typ: "JWT" });
    const noAlg = token("no-alg", { alg: "", kid: "key-1", typ: "JWT" });
    const garbage = "not-a-header.x.y";
    const refused = [...symmetric, noKid, noAlg, garbage];
    for (const t of refused) rememberVerified(t, { sub: "u", exp }, now);
    expect(refused.map((t) => verifiedSubject(t, now))).toEqual(refused.map(() => null));
    const asymmetric = ["ES256", "RS256", "EdDSA"].map((alg) => token(alg, { alg, kid: "key-1", typ: "JWT" }));
    for (const t of asymmetric) rememberVerified(t, { sub: "u", exp }, now);
    expect(asymmetric.map((t) => verifiedSubject(t, now))).toEqual(["u", "u", "u"]);
  });

  it("is bounded: the oldest entry goes first", () => {
    for (let i = 0; i <= 1000; i++) rememberVerified(token(`t${i}`), { sub: `u${i}`, exp }, now);
    expect(verifiedSubject(token("t0"), now)).toBeNull();
    expect(verifiedSubject(token("t1"), now)).toBe("u1");
    expect(verifiedSubject(token("t1000"), now)).toBe("u1000");
  });
});
