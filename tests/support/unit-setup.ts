import { afterAll, afterEach, beforeAll } from "vitest";
import { installDialogPolyfill } from "@/tests/support/dialog-polyfill";
import { server } from "@/tests/support/msw/server";
import { PUBLISHABLE_KEY, SUPABASE_URL } from "@/tests/support/msw/supabase-url";

// Component tests opt into jsdom with `// @vitest-environment jsdom`.
process.env.NEXT_PUBLIC_SUPABASE_URL = SUPABASE_URL;
process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY = PUBLISHABLE_KEY;
process.env.SUPABASE_REQUEST_TIMEOUT_MS = "1000";
installDialogPolyfill();

// Any request without a handler fails the test (msw 3 calls the option onUnhandledFrame).
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
