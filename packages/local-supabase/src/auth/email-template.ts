// Renders config.toml's email templates: the `{{ .Name }}` / `{{ .Data.key }}` fields GoTrue fills, escaped as
// Go's html/template escapes them (query-escaped inside a link's query, HTML-escaped everywhere else).

export type TemplateFields = Record<string, unknown> & { Data?: Record<string, unknown> };

const FIELD = /\{\{-?\s*\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*-?\}\}/g;

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&#34;")
    .replace(/'/g, "&#39;");
}

/** Go's query escaper: everything but unreserved characters as %xx (lowercase hex). */
export function escapeQuery(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${byte.toString(16).padStart(2, "0")}`;
  }
  return out;
}

/** True when `before` ends inside a quoted URL attribute (href/src) whose value already has a `?`. */
function inUrlQuery(before: string): boolean {
  const tagStart = before.lastIndexOf("<");
  if (tagStart < 0 || before.indexOf(">", tagStart) >= 0) return false;
  const attr = /\b(?:href|src|action)\s*=\s*(["'])([^"']*)$/i.exec(before.slice(tagStart));
  return attr !== null && (attr[2] ?? "").includes("?");
}

function lookup(fields: TemplateFields, path: string): string {
  const [head, key] = path.split(".") as [string, string | undefined];
  const value = key === undefined ? fields[head] : (fields[head] as Record<string, unknown> | undefined)?.[key];
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function renderTemplate(template: string, fields: TemplateFields): string {
  let out = "";
  let last = 0;
  for (const match of template.matchAll(FIELD)) {
    const at = match.index ?? 0;
    out += template.slice(last, at);
    const value = lookup(fields, match[1] ?? "");
    out += inUrlQuery(out) ? escapeQuery(value) : escapeHtml(value);
    last = at + match[0].length;
  }
  return out + template.slice(last);
}
