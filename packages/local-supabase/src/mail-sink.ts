// The stack's mail catcher: what Mailpit is under `supabase start`. Auth hands it messages in-process; its HTTP
// server answers the subset of Mailpit's API tests read (same paths and JSON field names) and lists mails at /.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export type MailAddress = { Name: string; Address: string };
export type OutgoingMail = { from: MailAddress; to: string; subject: string; html: string };

export type CaughtMail = {
  ID: string;
  MessageID: string;
  Read: boolean;
  From: MailAddress;
  To: MailAddress[];
  Subject: string;
  Created: string;
  HTML: string;
  Text: string;
};

export type MailSink = {
  deliver(mail: OutgoingMail): CaughtMail;
  /** Newest first, as Mailpit lists them. */
  list(): CaughtMail[];
  /** Deletes the mails with these IDs, or all of them when `ids` is empty. */
  remove(ids: string[]): void;
};

const MAX_KEPT = 1000;

/** HTML → the readable text Mailpit shows as Text / Snippet (tags dropped, entities of the escaper undone). */
export function htmlToText(html: string): string {
  return html
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a\s*>/gi, "$2 ( $1 )")
    .replace(/<(br|\/p|\/h\d|\/li|\/div)\s*\/?>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+/g, " ")
    .replace(/\n\s*\n+/g, "\n\n")
    .trim();
}

export function createMailSink(): MailSink {
  let mails: CaughtMail[] = [];
  return {
    deliver(mail) {
      const id = randomUUID();
      const caught: CaughtMail = {
        ID: id,
        MessageID: `${id}@local-supabase`,
        Read: false,
        From: mail.from,
        To: [{ Name: "", Address: mail.to }],
        Subject: mail.subject,
        Created: new Date().toISOString(),
        HTML: mail.html,
        Text: htmlToText(mail.html),
      };
      mails = [caught, ...mails].slice(0, MAX_KEPT);
      return caught;
    },
    list: () => mails,
    remove(ids) {
      mails = ids.length === 0 ? [] : mails.filter((m) => !ids.includes(m.ID));
    },
  };
}

function summary(m: CaughtMail) {
  return {
    ID: m.ID,
    MessageID: m.MessageID,
    Read: m.Read,
    From: m.From,
    To: m.To,
    Cc: [],
    Bcc: [],
    ReplyTo: [],
    Subject: m.Subject,
    Created: m.Created,
    Username: "",
    Tags: [],
    Size: Buffer.byteLength(m.HTML),
    Attachments: 0,
    Snippet: m.Text.replace(/\s+/g, " ").slice(0, 250),
  };
}

function detail(m: CaughtMail) {
  return {
    ID: m.ID,
    MessageID: m.MessageID,
    From: m.From,
    To: m.To,
    Cc: [],
    Bcc: [],
    ReplyTo: [],
    ReturnPath: m.From.Address,
    Subject: m.Subject,
    Date: m.Created,
    Tags: [],
    Username: "",
    Text: m.Text,
    HTML: m.HTML,
    Size: Buffer.byteLength(m.HTML),
    Inline: [],
    Attachments: [],
  };
}

function send(res: ServerResponse, status: number, body: unknown, type = "application/json"): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function indexPage(mails: CaughtMail[]): string {
  const rows = mails
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.Created)}</td><td>${escapeHtml(m.To.map((t) => t.Address).join(", "))}</td>` +
        `<td><a href="/view/${m.ID}">${escapeHtml(m.Subject)}</a></td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Caught mail</title></head>
<body><h1>Caught mail (${mails.length})</h1>
${mails.length === 0 ? "<p>No mail yet.</p>" : `<table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>\n${rows}\n</tbody></table>`}
</body></html>`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Mailpit's search, for the one term tests use: `to:<address>` (else a substring of subject or recipient). */
function matches(m: CaughtMail, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === "") return true;
  const to = m.To.map((t) => t.Address.toLowerCase());
  const term = /^to:"?([^"]*)"?$/.exec(q);
  if (term) return to.some((a) => a.includes(term[1] ?? ""));
  return m.Subject.toLowerCase().includes(q) || to.some((a) => a.includes(q));
}

export async function handleMailRequest(sink: MailSink, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://mail.local");
  const method = req.method ?? "GET";
  const path = url.pathname.replace(/\/+$/, "") || "/";
  if (method === "GET" && (path === "/api/v1/messages" || path === "/api/v1/search")) {
    const all = sink.list();
    const found = path === "/api/v1/search" ? all.filter((m) => matches(m, url.searchParams.get("query") ?? "")) : all;
    const start = Math.max(0, Number(url.searchParams.get("start")) || 0);
    const limit = Math.max(1, Number(url.searchParams.get("limit")) || 50);
    const page = found.slice(start, start + limit);
    const unread = all.filter((m) => !m.Read).length;
    return send(res, 200, {
      total: all.length,
      unread,
      count: page.length,
      messages_count: found.length,
      messages_unread: found.filter((m) => !m.Read).length,
      start,
      tags: [],
      messages: page.map(summary),
    });
  }
  if (method === "DELETE" && path === "/api/v1/messages") {
    let ids: string[] = [];
    try {
      const body = (await readBody(req)).trim();
      const parsed: unknown = body === "" ? {} : JSON.parse(body);
      const list = (parsed as { IDs?: unknown }).IDs;
      if (Array.isArray(list)) ids = list.filter((id): id is string => typeof id === "string");
    } catch {
      return send(res, 400, "invalid JSON body", "text/plain");
    }
    sink.remove(ids);
    return send(res, 200, "ok", "text/plain");
  }
  const one = /^\/api\/v1\/message\/([^/]+)$/.exec(path);
  if (method === "GET" && one) {
    const id = decodeURIComponent(one[1] ?? "");
    const mail = id === "latest" ? sink.list()[0] : sink.list().find((m) => m.ID === id);
    if (!mail) return send(res, 404, "message not found", "text/plain");
    mail.Read = true;
    return send(res, 200, detail(mail));
  }
  const view = /^\/view\/([^/]+)$/.exec(path);
  if (method === "GET" && view) {
    const mail = sink.list().find((m) => m.ID === view[1]);
    if (!mail) return send(res, 404, "message not found", "text/plain");
    return send(res, 200, mail.HTML, "text/html; charset=utf-8");
  }
  if (method === "GET" && path === "/") return send(res, 200, indexPage(sink.list()), "text/html; charset=utf-8");
  return send(res, 404, "404 page not found", "text/plain");
}

export async function startMailServer(
  sink: MailSink,
  host: string,
  port: number,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    handleMailRequest(sink, req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolveListen());
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    server,
    url: `http://${host}:${actualPort}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
