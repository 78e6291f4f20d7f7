/**
 * Runs a server action or route handler and returns where it redirected (next/navigation's redirect() throws an
 * error whose digest is `NEXT_REDIRECT;<type>;<url>;<status>;`), or its result when it did not redirect.
 */
export async function redirectOrResult<T>(run: () => Promise<T>): Promise<{ redirectedTo: string } | { result: T }> {
  try {
    return { result: await run() };
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;")) {
      return { redirectedTo: digest.split(";")[2] ?? "" };
    }
    throw error;
  }
}
