import { describe, expect, it } from "vitest";
import { escapeQuery, renderTemplate } from "./email-template.ts";

describe("renderTemplate", () => {
  it("query-escapes a field inside a link's query and HTML-escapes it elsewhere", () => {
    const html = renderTemplate(
      `<p>{{ .Email }}</p><a href="{{ .SiteURL }}/auth/confirm?token_hash={{ .TokenHash }}&next={{ .RedirectTo }}">go</a>`,
      {
        Email: `a<b>"@example.com`,
        SiteURL: "http://127.0.0.1:3000",
        TokenHash: "abc123",
        RedirectTo: "http://127.0.0.1:3000/x?y=1&z=2",
      },
    );
    expect(html).toBe(
      `<p>a&lt;b&gt;&#34;@example.com</p><a href="http://127.0.0.1:3000/auth/confirm?token_hash=abc123&next=http%3a%2f%2f127.0.0.1%3a3000%2fx%3fy%3d1%26z%3d2">go</a>`,
    );
  });

  it("fills .Data fields and leaves unknown ones empty", () => {
    expect(renderTemplate("Hi {{ .Data.display_name }}{{ .Nope }}!", { Data: { display_name: "Ann" } })).toBe(
      "Hi Ann!",
    );
  });

  it("escapes UTF-8 bytes in queries as Go does", () => {
    expect(escapeQuery("é ~")).toBe("%c3%a9%20~");
  });
});
