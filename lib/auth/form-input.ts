import { z } from "zod";

/** What was typed into a text field (at most 1,000 characters), to show again after an error; "" for anything else. */
export function typedText(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value.slice(0, 1000) : "";
}

/** The first message zod gave for one field of a form. */
export function firstFieldError(error: z.ZodError, field: string): string | undefined {
  return (z.flattenError(error).fieldErrors as Record<string, string[] | undefined>)[field]?.[0];
}
