// The public API of local-supabase. Everything a project or its tests may use is exported here; the other
// modules are internals.
export { startStack, formatEnv, formatSettings, defaultDataDir, DEFAULT_PORTS } from "./start-stack.ts";
export { isPlainError } from "./plain-errors.ts";
export {
  PostgrestNotFoundError,
  PostgrestUnusableError,
  TESTED_MAJOR as POSTGREST_TESTED_MAJOR,
  resolvePostgrest,
  type PostgrestBinary,
} from "./postgrest-binary.ts";
export { StackAlreadyRunningError } from "./stack-pid-file.ts";
export type { Stack, StackOptions, StackPorts } from "./start-stack.ts";
export { applyBase, BASE_SQL_PATH, DatabaseUnreachableError } from "./database.ts";
export type { Database } from "./database.ts";
export { ForeignDatabaseError, openStackDatabase } from "./stack-database.ts";
export { createThrowawayDatabase } from "./throwaway-database.ts";
export type { ThrowawayDatabase } from "./throwaway-database.ts";
export { withClient } from "./pg-client.ts";
export { cliDbUrl, resetDatabase, runSupabaseCli } from "./migrate.ts";
export { PortInUseError, assertPortFree, getFreePort, getFreePorts, isPortFree } from "./ports.ts";
export { ANON_KEY, JWT_SECRET, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY } from "./keys.ts";
export { loadSigningKeys, type SigningKeys } from "./keys.ts";
export { startGateway } from "./gateway.ts";
export type { GatewayStats } from "./gateway.ts";
export { createUser, createUsers, sessionCookie, passwordSession } from "./users.ts";
export type { Session, User } from "./users.ts";
export { gatewayStats, resetGatewayStats } from "./stats-client.ts";
export { authOverridesFromEnv, loadAuthConfig, CONFIRMATIONS_ENV } from "./auth/config.ts";
export type { AuthConfig, AuthConfigOverrides, AuthRateLimits } from "./auth/config.ts";
export { createMailSink, startMailServer } from "./mail-sink.ts";
export type { CaughtMail, MailSink } from "./mail-sink.ts";
