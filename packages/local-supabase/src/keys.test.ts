import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT, decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import {
  ANON_KEY,
  JWT_SECRET,
  PUBLISHABLE_KEY,
  SECRET_KEY,
  SERVICE_ROLE_KEY,
  loadSigningKeys,
  postgrestJwks,
} from "./keys.ts";

const secret = new TextEncoder().encode(JWT_SECRET);

async function supabaseDemoKey(role: string): Promise<string> {
  return new SignJWT({ iss: "supabase-demo", role, exp: 1983812996 })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(secret);
}

describe("default keys (what `supabase start` prints)", () => {
  it("ANON_KEY is the supabase-demo anon JWT signed with JWT_SECRET", async () => {
    expect(await supabaseDemoKey("anon")).toBe(ANON_KEY);
    const { payload } = await jwtVerify(ANON_KEY, secret);
    expect(payload).toEqual({ iss: "supabase-demo", role: "anon", exp: 1983812996 });
  });

  it("SERVICE_ROLE_KEY is the supabase-demo service_role JWT signed with JWT_SECRET", async () => {
    expect(await supabaseDemoKey("service_role")).toBe(SERVICE_ROLE_KEY);
  });

  it("new-style keys are the CLI defaults", () => {
    expect(PUBLISHABLE_KEY).toBe("sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH");
    expect(SECRET_KEY).toBe("sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz");
  });
});

describe("loadSigningKeys", () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it("generates an ES256 key once, persists it under a created dir, and reuses it", async () => {
    const base = await mkdtemp(join(tmpdir(), "keys-test-"));
    dirs.push(base);
    const dir = join(base, "nested", "data");
    const first = await loadSigningKeys(dir);
    const stored = JSON.parse(await readFile(join(dir, "signing-key.json"), "utf8")) as { kid: string };
    expect(stored.kid).toBe(first.kid);
    const second = await loadSigningKeys(dir);
    expect(second).toEqual(first);

    expect(first.publicJwk).toMatchObject({
      kty: "EC",
      crv: "P-256",
      kid: first.kid,
      alg: "ES256",
      use: "sig",
      key_ops: ["verify"],
    });
    expect(first.publicJwk).not.toHaveProperty("d");

    const token = await new SignJWT({ a: 1 })
      .setProtectedHeader({ alg: "ES256", kid: first.kid })
      .sign(await importJWK(first.privateJwk, "ES256"));
    expect(decodeProtectedHeader(token).kid).toBe(first.kid);
    await expect(jwtVerify(token, await importJWK(second.publicJwk, "ES256"))).resolves.toBeTruthy();
  });

  it("postgrestJwks holds the ES256 public key and the HS256 secret as an oct key", async () => {
    const base = await mkdtemp(join(tmpdir(), "keys-test-"));
    dirs.push(base);
    const keys = await loadSigningKeys(base);
    const jwks = postgrestJwks(keys);
    expect(jwks.keys).toHaveLength(2);
    expect(jwks.keys[0]).toEqual(keys.publicJwk);
    expect(jwks.keys[1]).toEqual({ kty: "oct", k: Buffer.from(JWT_SECRET).toString("base64url"), alg: "HS256" });
    const oct = await importJWK(jwks.keys[1] as { kty: string; k: string }, "HS256");
    await expect(jwtVerify(ANON_KEY, oct)).resolves.toBeTruthy();
  });
});
