// Helpers for the specs: fresh users through the stack's Auth API, sign-in through the UI, and direct reads of
// the database (the source of truth the specs assert on, not the DOM).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page } from "@playwright/test";
import type pg from "pg";
import { PUBLISHABLE_KEY, withClient } from "local-supabase";
import { SCREENSHOT_DIR, STACK_INFO_FILE, type StackInfo } from "./config.ts";

export const AGENCIES = {
  acme: { id: "a0000000-0000-4000-8000-000000000001", name: "Acme Travel", slug: "acme-travel" },
  fjord: { id: "a0000000-0000-4000-8000-000000000002", name: "Fjord & Fell Adventures", slug: "fjord-and-fell" },
  sunward: { id: "a0000000-0000-4000-8000-000000000003", name: "Sunward Voyages", slug: "sunward-voyages" },
  silk: { id: "a0000000-0000-4000-8000-000000000004", name: "Silk Road Journeys", slug: "silk-road-journeys" },
} as const;

export const SEEDED_PASSWORD = "password123";

export function stackInfo(): StackInfo {
  return JSON.parse(readFileSync(STACK_INFO_FILE, "utf8")) as StackInfo;
}

export type TestUser = { id: string; email: string; password: string; displayName: string };

/** A new, confirmed user (the local Auth server auto-confirms sign-ups), so specs do not share state. */
export async function createUser(displayName = "E2E Traveller"): Promise<TestUser> {
  const email = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = "e2e-password-123";
  const response = await fetch(`${stackInfo().apiUrl}/auth/v1/signup`, {
    method: "POST",
    headers: { apikey: PUBLISHABLE_KEY, "Content-Type": "application/json" },
    body: JSON.stringify({ email, password, data: { display_name: displayName } }),
  });
  const json = (await response.json()) as { user?: { id: string }; msg?: string };
  if (!response.ok || !json.user) throw new Error(`sign-up failed (${response.status}): ${JSON.stringify(json)}`);
  return { id: json.user.id, email, password, displayName };
}

export async function signIn(page: Page, user: { email: string; password: string }, next = "/agencies"): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === next);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function query<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<Row[]> {
  return withClient(stackInfo().dbUrl, async (client) => (await client.query<Row>(sql, params)).rows);
}

/** The user's inquiries to an agency, each with its messages, oldest first. */
export async function inquiries(userId: string, agencyId: string) {
  const conversations = await query<{ id: string }>(
    "select id from public.conversations where context_type = 'agency_inquiry' and context_id = $1 and created_by = $2 order by created_at",
    [agencyId, userId],
  );
  const messages = await query<{ conversation_id: string; body: string; client_message_id: string; sender_id: string }>(
    "select conversation_id, body, client_message_id, sender_id from public.messages where conversation_id = any($1::uuid[]) order by created_at",
    [conversations.map((c) => c.id)],
  );
  return { conversations, messages };
}

/** Saves a screenshot of a main state to docs/screenshots/<name>.png (overwritten on every run). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

export async function openComposeDialog(page: Page, agency: { name: string; slug: string }) {
  await page.goto(`/agencies/${agency.slug}`);
  await page.getByRole("button", { name: "Send message" }).click();
  const dialog = page.getByRole("dialog", { name: new RegExp(escapeRegExp(agency.name)) });
  await expect(dialog).toBeVisible();
  return {
    dialog,
    message: dialog.getByLabel("Message"),
    send: dialog.getByRole("button", { name: "Send" }),
  };
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export const THREAD_URL = /\/messages\/conversations\/([0-9a-f-]{36})$/;
