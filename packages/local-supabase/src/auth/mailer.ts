// Sends GoTrue's link mails (confirmation, recovery, email change) into the mail sink: the frequency limit per
// user ([auth.email] max_frequency), the server-wide email_sent limit, the template, then the stored token hash.
import type { MailSink } from "../mail-sink.ts";
import type { AuthConfig, EmailTemplateKind } from "./config.ts";
import { AuthError } from "./errors.ts";
import { newOtp, secondsSinceSent, storeLink, tokenHash, type LinkKind } from "./email-links-store.ts";
import { renderTemplate } from "./email-template.ts";
import { overEmailSendRateLimit, type RateLimiter } from "./rate-limit.ts";
import type { Db } from "./store.ts";
import type { UserRow } from "./user.ts";

/** The verify `type` a link of each kind carries in GoTrue's default ConfirmationURL. */
const VERIFY_TYPE: Record<LinkKind, string> = {
  confirmation: "signup",
  recovery: "recovery",
  email_change: "email_change",
};

const DEFAULT_BODIES: Record<EmailTemplateKind, string> = {
  confirmation: `<h2>Confirm your email address</h2>

<p>Follow the link below to confirm this email address and finish signing up.</p>
<p><a href="{{ .ConfirmationURL }}">Confirm email address</a></p>
`,
  recovery: `<h2>Reset your password</h2>

<p>We received a request to reset your password. Follow the link below to choose a new one.</p>
<p><a href="{{ .ConfirmationURL }}">Reset password</a></p>
<p>If you didn't request this, you can safely ignore this email.</p>`,
  email_change: `<h2>Confirm your new email address</h2>

<p>Follow the link below to confirm {{ .NewEmail }} as your new email address.</p>
<p><a href="{{ .ConfirmationURL }}">Confirm new email address</a></p>
<p>If you didn't request this change, you can safely ignore this email.</p>`,
};

const SENDER = { Name: "", Address: "admin@email.com" };

export type Mailer = {
  /**
   * Sends a link of `kind` to `user` (to `newEmail` for an email change) and stores its token hash.
   * 429 over_email_send_rate_limit when the same mail went to the user less than max_frequency ago, or the
   * server's email_sent per hour is used up.
   */
  sendLink(user: UserRow, kind: LinkKind, redirectTo: string, newEmail?: string): Promise<void>;
};

export function frequencyLimitError(secondsLeft: number): AuthError {
  return new AuthError(
    429,
    "over_email_send_rate_limit",
    `For security purposes, you can only request this after ${Math.max(0, Math.floor(secondsLeft))} seconds.`,
  );
}

export function createMailer(opts: {
  db: Db;
  config: AuthConfig;
  sink: MailSink | null;
  emailLimiter: RateLimiter;
  apiUrl: string;
}): Mailer {
  const { db, config, sink } = opts;
  const verifyUrl = `${opts.apiUrl.replace(/\/+$/, "")}/auth/v1/verify`;
  return {
    async sendLink(user, kind, redirectTo, newEmail) {
      const since = secondsSinceSent(user, kind);
      if (since !== null && since < config.maxFrequencySeconds)
        throw frequencyLimitError(config.maxFrequencySeconds - since);
      // GoTrue counts email_sent only while confirmations are on; 0 refuses every mail.
      if (config.rateLimit.emailSent <= 0) throw overEmailSendRateLimit();
      if (config.enableConfirmations && !opts.emailLimiter.take()) throw overEmailSendRateLimit();

      const to = kind === "email_change" ? (newEmail ?? "") : (user.email ?? "");
      const otp = newOtp();
      const hash = tokenHash(to, otp);
      const template = config.templates[kind];
      const confirmationUrl =
        `${verifyUrl}?token=${encodeURIComponent(hash)}&type=${VERIFY_TYPE[kind]}` +
        `&redirect_to=${/[&=#]/.test(redirectTo) ? encodeURIComponent(redirectTo) : redirectTo}`;
      const html = renderTemplate(template.content ?? DEFAULT_BODIES[kind], {
        SiteURL: config.siteUrl,
        ConfirmationURL: confirmationUrl,
        Email: user.email ?? "",
        NewEmail: newEmail ?? "",
        Token: otp,
        TokenHash: hash,
        RedirectTo: redirectTo,
        Data: user.raw_user_meta_data ?? {},
      });
      const subject = renderTemplate(template.subject, { Email: user.email ?? "", SiteURL: config.siteUrl });
      await storeLink(db, user.id, kind, hash, kind === "email_change" ? newEmail : undefined);
      sink?.deliver({ from: SENDER, to, subject, html });
    },
  };
}
