import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";

const uuid = z.uuid();

/**
 * The `Idempotency-Key` request header (IETF draft-ietf-httpapi-idempotency-key-header), an alternative to
 * `client_message_id` in the body with the same meaning. Its value is a UUID, bare or as a quoted string
 * (`"…"`, the draft's structured-field form). Given both, they must be the same id: two different keys for one
 * send is a 400, never a guess.
 */
export function withIdempotencyKey<T extends { client_message_id?: string }>(request: Request, input: T): T {
  const header = request.headers.get("idempotency-key");
  if (header === null) return input;
  const key = header.trim().replace(/^"(.*)"$/, "$1");
  if (!uuid.safeParse(key).success) {
    throw new AppError("validation_failed", "The Idempotency-Key header is invalid.", {
      issues: [{ path: "Idempotency-Key", message: "must be a UUID" }],
    });
  }
  if (input.client_message_id !== undefined && input.client_message_id.toLowerCase() !== key.toLowerCase()) {
    throw new AppError("validation_failed", "Idempotency-Key and client_message_id name different keys.", {
      issues: [{ path: "client_message_id", message: "must equal the Idempotency-Key header when both are given" }],
    });
  }
  return { ...input, client_message_id: input.client_message_id ?? key.toLowerCase() };
}
