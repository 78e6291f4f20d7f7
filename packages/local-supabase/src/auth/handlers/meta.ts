// GET /.well-known/jwks.json, /health, /settings.
import type { AuthHandler } from "../context.ts";
import { sendJson } from "../http.ts";

export const GOTRUE_VERSION = "v2.189.0";

/** Only the asymmetric public key; HMAC secrets are never listed (GoTrue jwks.go). */
export const jwks: AuthHandler = async (ctx, _req, res) => {
  const { kty, crv, x, y } = ctx.keys.publicJwk;
  const key = { kty, crv, x, y, kid: ctx.keys.kid, alg: "ES256", use: "sig", key_ops: ["verify"] };
  sendJson(res, 200, { keys: [key] }, { "Cache-Control": "public, max-age=600" });
};

export const health: AuthHandler = async (_ctx, _req, res) => {
  sendJson(res, 200, {
    version: GOTRUE_VERSION,
    name: "GoTrue",
    description: "GoTrue is a user registration and authentication API",
  });
};

const EXTERNAL_PROVIDERS = [
  "anonymous_users",
  "apple",
  "azure",
  "bitbucket",
  "discord",
  "facebook",
  "figma",
  "fly",
  "github",
  "gitlab",
  "google",
  "keycloak",
  "kakao",
  "linkedin",
  "linkedin_oidc",
  "notion",
  "spotify",
  "slack",
  "slack_oidc",
  "workos",
  "twitch",
  "twitter",
  "x",
  "zoom",
];

export const settings: AuthHandler = async (ctx, _req, res) => {
  const external: Record<string, boolean> = Object.fromEntries(EXTERNAL_PROVIDERS.map((p) => [p, false]));
  external.email = ctx.config.enableEmailSignup;
  external.phone = false;
  sendJson(res, 200, {
    external,
    disable_signup: !ctx.config.enableSignup,
    mailer_autoconfirm: !ctx.config.enableConfirmations,
    phone_autoconfirm: false,
    sms_provider: "",
    saml_enabled: false,
  });
};
