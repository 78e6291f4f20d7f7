import type { z } from "zod";
import { AppError } from "@/lib/http/app-error";
import { toFieldIssues } from "@/lib/http/field-issues";

/** Validates query-string parameters (each given once) with a schema. */
export function readQuery<Schema extends z.ZodType>(url: URL, schema: Schema): z.infer<Schema> {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    throw new AppError("validation_failed", "Some query parameters are invalid.", {
      issues: toFieldIssues(parsed.error),
    });
  }
  return parsed.data;
}

/** Validates one dynamic route segment. */
export function readParam<Schema extends z.ZodType>(value: string, name: string, schema: Schema): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError("validation_failed", `The ${name} in the URL is invalid.`, {
      issues: [{ path: name, message: parsed.error.issues[0]?.message ?? "is invalid" }],
    });
  }
  return parsed.data;
}
