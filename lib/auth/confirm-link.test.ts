import { describe, expect, it } from "vitest";
import { linkNextPath, parseConfirmLink } from "./confirm-link";
import { HOSTILE_NEXT_PATHS } from "@/tests/support/hostile-next-paths";

const host = "127.0.0.1:3100";
const origin = `http://${host}`;
const confirm = (query: string) => parseConfirmLink(new URL(`/auth/confirm?${query}`, origin), host);

describe("parseConfirmLink", () => {
  it("reads token_hash, type and a same-site next, absolute (Auth's RedirectTo) or a path", () => {
    expect(confirm(`token_hash=abc&type=signup&next=${encodeURIComponent(`${origin}/agencies/x?y=1`)}`)).toEqual({
      ok: true,
      type: "signup",
      tokenHash: "abc",
      next: "/agencies/x?y=1",
    });
    expect(confirm("token_hash=abc&type=email&next=%2Fmessages")).toMatchObject({ ok: true, next: "/messages" });
  });

  it("sends a reset link to the new-password page, whatever its next", () => {
    expect(confirm("token_hash=abc&type=recovery&next=%2Fmessages")).toMatchObject({
      ok: true,
      next: "/update-password",
    });
  });

  it("refuses a link without a token or with an unknown type, keeping what it can for the error page", () => {
    expect(confirm("type=signup&next=%2Fmessages")).toEqual({ ok: false, type: "signup", next: "/messages" });
    expect(confirm("token_hash=abc&type=sms")).toEqual({ ok: false, type: undefined, next: "/" });
    expect(confirm(`token_hash=${"a".repeat(1025)}&type=signup`)).toMatchObject({ ok: false });
  });
});

describe("linkNextPath", () => {
  it("refuses another host or port, a non-web scheme, and every hostile path", () => {
    expect(linkNextPath("https://evil.example/agencies", host)).toBe("/");
    expect(linkNextPath("http://127.0.0.1:3000/agencies", host)).toBe("/");
    expect(linkNextPath("ftp://127.0.0.1:3100/agencies", host)).toBe("/");
    expect(linkNextPath("https://127.0.0.1:3100/agencies", host)).toBe("/agencies");
    expect(linkNextPath("javascript:alert(1)", host)).toBe("/");
    expect(linkNextPath(`${origin}//evil.example`, host)).toBe("/");
    for (const [name, hostile] of HOSTILE_NEXT_PATHS) expect(linkNextPath(hostile, host), name).toBe("/");
  });
});
