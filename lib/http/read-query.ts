import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
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

/** Validates the dynamic route segments. */
export function readParams<Schema extends z.ZodType>(params: unknown, schema: Schema): z.infer<Schema> {
  const parsed = schema.safeParse(params ?? {});
  if (!parsed.success) {
    throw new AppError("validation_failed", "The URL is invalid.", { issues: toFieldIssues(parsed.error) });
  }
  return parsed.data;
}
