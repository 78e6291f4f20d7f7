// Hostile access tokens: expired but genuinely signed, forged with another key, unsigned, tampered.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { SignJWT, generateKeyPair, importJWK, type JWK } from "jose";
import { ctx } from "./helpers.ts";

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

export type HostileTokens = Record<
  | "expired"
  | "forgedKey"
  | "algNone"
  | "tamperedSub"
  | "wrongHmac"
  | "garbage"
  | "threeDots"
  | "headerNotJson"
  | "algNumber"
  | "algObject",
  string
>;

/** Tokens that must all be refused, derived from a real one of `victim`'s shape (claims of `token`). */
export async function hostileTokens(token: string, otherUserId: string): Promise<HostileTokens> {
  const stored = JSON.parse(await readFile(join(ctx().dataDir, "signing-key.json"), "utf8")) as {
    kid: string;
    privateJwk: JWK;
  };
  const realKey = await importJWK({ ...stored.privateJwk, alg: "ES256" }, "ES256");
  const claims = payloadOf(token);
  const now = Math.floor(Date.now() / 1000);

  const expired = await new SignJWT({ ...claims, iat: now - 7200, exp: now - 3600 })
    .setProtectedHeader({ alg: "ES256", kid: stored.kid, typ: "JWT" })
    .sign(realKey);

  const { privateKey: otherKey } = await generateKeyPair("ES256");
  const forgedKey = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: "ES256", kid: stored.kid, typ: "JWT" })
    .sign(otherKey);

  const algNone = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
  const [header, , signature] = token.split(".");
  const tamperedSub = `${header}.${b64({ ...claims, sub: otherUserId })}.${signature}`;
  const wrongHmac = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode("not-the-secret-not-the-secret-not-the-secret"));

  // Header not JSON, or `alg` not a string: supabase-js' getClaims() throws on these instead of returning an error.
  const rawHeader = (header: string) =>
    `${Buffer.from(header, "utf8").toString("base64url")}.${b64(claims)}.${signature}`;
  return {
    expired,
    forgedKey,
    algNone,
    tamperedSub,
    wrongHmac,
    garbage: "definitely-not-a-token",
    threeDots: "a.b.c",
    headerNotJson: rawHeader("not json"),
    algNumber: `${b64({ alg: 256, kid: stored.kid, typ: "JWT" })}.${b64(claims)}.${signature}`,
    algObject: `${b64({ alg: { name: "ES256" }, kid: stored.kid, typ: "JWT" })}.${b64(claims)}.${signature}`,
  };
}
