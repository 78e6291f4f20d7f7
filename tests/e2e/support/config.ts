// Fixed settings of the e2e run, shared by playwright.config.ts, the server script and the specs.
// Ports differ from the dev stack's (54321/54322/54329, app 3000), so a running dev setup is left alone.
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const E2E_PORTS = { api: 55421, db: 55422, rest: 55429, app: 3100 } as const;
export const APP_URL = `http://127.0.0.1:${E2E_PORTS.app}`;
export const API_URL = `http://127.0.0.1:${E2E_PORTS.api}`;
/**
 * The client's "existing conversation?" deadline in the e2e build (NEXT_PUBLIC_*, inlined at build time):
 * short, so the timeout spec does not wait 10 s.
 */
export const E2E_CLIENT_ACTION_TIMEOUT_MS = 1500;
/** Written by the server script once the stack is up: the database URL etc. for the specs. */
export const STACK_INFO_FILE = join(REPO_ROOT, ".supabase-local", "e2e", "stack.json");
export const SCREENSHOT_DIR = join(REPO_ROOT, "docs", "screenshots");

/**
 * `E2E_AUTH_CONFIRMATIONS=true` starts the stack with [auth.email] enable_confirmations on (config.toml ships it
 * off): sign-ups then wait for the mail's link (tests/e2e/accounts-confirmations.spec.ts needs it).
 */
export const E2E_CONFIRMATIONS = process.env.E2E_AUTH_CONFIRMATIONS === "true";

export type StackInfo = {
  apiUrl: string;
  dbUrl: string;
  /** The mail sink (Mailpit's API subset). */
  mailUrl: string;
  /** Whether sign-ups need a confirmed email on this stack. */
  confirmations: boolean;
  env: Record<string, string>;
};
