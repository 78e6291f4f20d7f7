import { describe, expect, it } from "vitest";
import { globToRegExp, isRedirectAllowed } from "./redirect.ts";

const config = {
  siteUrl: "http://127.0.0.1:3000",
  additionalRedirectUrls: ["https://app.example.com/**", "https://*.preview.example.com/auth/callback"],
};

describe("isRedirectAllowed (GoTrue's IsRedirectURLValid)", () => {
  it("allows site_url's scheme and host (any port on loopback) and loopback addresses", () => {
    expect(isRedirectAllowed(config, "http://127.0.0.1:3000/agencies/acme")).toBe(true);
    expect(isRedirectAllowed(config, "http://127.0.0.1:4000/x")).toBe(true);
    expect(isRedirectAllowed(config, "http://[::1]:5000/x")).toBe(true);
    // Another spelling of the host is another host to GoTrue, unless additional_redirect_urls names it.
    expect(isRedirectAllowed(config, "http://localhost:3000/x")).toBe(false);
  });

  it("allows URLs matching additional_redirect_urls globs", () => {
    expect(isRedirectAllowed(config, "https://app.example.com/auth/confirm?next=/a")).toBe(true);
    expect(isRedirectAllowed(config, "https://pr-1.preview.example.com/auth/callback")).toBe(true);
    expect(isRedirectAllowed(config, "https://a.b.preview.example.com/auth/callback")).toBe(false);
  });

  it("refuses other hosts, odd host names, decimal IPs and non-URLs", () => {
    for (const target of [
      "https://evil.example/",
      "https://app.example.com.evil.example/",
      "http://2130706433/",
      "http://0x7f.1/",
      "https://10.0.0.1/",
      "javascript:alert(1)",
      "//evil.example",
      "",
    ]) {
      expect(isRedirectAllowed(config, target), target).toBe(false);
    }
  });

  it("globs: ** crosses separators, * does not", () => {
    expect(globToRegExp("https://x.com/*").test("https://x.com/a")).toBe(true);
    expect(globToRegExp("https://x.com/*").test("https://x.com/a/b")).toBe(false);
    expect(globToRegExp("https://x.com/**").test("https://x.com/a/b")).toBe(true);
  });
});
