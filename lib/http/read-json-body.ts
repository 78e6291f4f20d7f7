import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { toFieldIssues } from "@/lib/http/field-issues";

export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** Reads a JSON request body (at most 64 KiB, UTF-8) and validates it; every failure is a 4xx AppError. */
export async function readJsonBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
): Promise<z.infer<Schema>> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  const text = await readText(request);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("validation_failed", "Some fields are invalid.", { issues: toFieldIssues(parsed.error) });
  }
  return parsed.data;
}

async function readText(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_JSON_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      // The client went away (or the connection broke) in the middle of the body: its fault, not ours.
      throw new AppError("incomplete_body", "The request body ended before it was complete.", { cause: error });
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > MAX_JSON_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("invalid_json", "The request body is not valid UTF-8.");
  }
}

function tooLarge() {
  return new AppError("payload_too_large", `The request body is larger than ${MAX_JSON_BODY_BYTES / 1024} KiB.`);
}
