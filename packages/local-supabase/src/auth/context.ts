// What every auth handler gets: the database, the token service and the signing keys.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SigningKeys } from "../keys.ts";
import type { Db } from "./store.ts";
import type { TokenService } from "./tokens.ts";

export type AuthContext = { db: Db; tokens: TokenService; keys: SigningKeys };

export type AuthHandler = (ctx: AuthContext, req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
