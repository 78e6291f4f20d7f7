// The e2e stack's mail sink, read through the subset of Mailpit's HTTP API that `supabase start` also serves
// (GET /api/v1/messages, GET /api/v1/message/<ID>), so the same steps work against either.
import { expect } from "@playwright/test";
import { stackInfo } from "./database.ts";

type MailSummary = { ID: string; To: { Address: string }[]; Subject: string; Created: string };
type Mail = MailSummary & { HTML: string };

function mailUrl(): string {
  const url = stackInfo().mailUrl;
  if (!url) throw new Error("the e2e stack has no mail sink (stack.json has no mailUrl)");
  return url;
}

async function mailsTo(address: string): Promise<MailSummary[]> {
  const response = await fetch(`${mailUrl()}/api/v1/messages`);
  expect(response.status).toBe(200);
  const list = (await response.json()) as { messages: MailSummary[] };
  return list.messages.filter((mail) => mail.To.some((to) => to.Address.toLowerCase() === address.toLowerCase()));
}

/** How many mails the sink caught for `address` so far. */
export async function mailCount(address: string): Promise<number> {
  return (await mailsTo(address)).length;
}

/**
 * Waits for mail number `nth` (1 = the first) to `address`, then returns its subject and the one link in it
 * (the templates' /auth/confirm link).
 */
export async function waitForMail(address: string, nth = 1): Promise<{ subject: string; link: URL }> {
  await expect.poll(() => mailCount(address), { message: `mail ${nth} to ${address}` }).toBeGreaterThanOrEqual(nth);
  const summaries = (await mailsTo(address)).sort((a, b) => a.Created.localeCompare(b.Created));
  const response = await fetch(`${mailUrl()}/api/v1/message/${summaries[nth - 1]!.ID}`);
  expect(response.status).toBe(200);
  const mail = (await response.json()) as Mail;
  const hrefs = [...mail.HTML.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replaceAll("&amp;", "&"));
  expect(hrefs, `links in "${mail.Subject}"`).toHaveLength(1);
  return { subject: mail.Subject, link: new URL(hrefs[0]!) };
}
