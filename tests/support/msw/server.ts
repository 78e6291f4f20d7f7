import { setupServer } from "msw/node";
import { authHandlers } from "@/tests/support/msw/handlers/auth";

/** One msw server for unit tests; any request without a handler fails the test. */
export const server = setupServer(...authHandlers);
