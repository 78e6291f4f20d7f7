// What every auth handler gets: the database, tokens, signing keys, config.toml's [auth], limits and the mailer.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SigningKeys } from "../keys.ts";
import type { AuthConfig } from "./config.ts";
import type { Mailer } from "./mailer.ts";
import type { AuthLimiters } from "./rate-limit.ts";
import type { Db } from "./store.ts";
import type { TokenService } from "./tokens.ts";

export type AuthContext = {
  db: Db;
  tokens: TokenService;
  keys: SigningKeys;
  config: AuthConfig;
  limiters: AuthLimiters;
  mailer: Mailer;
};

export type AuthHandler = (ctx: AuthContext, req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
