/** The JSON body of `res`; throws `<what>: HTTP <status> <start of the body>` unless the status is 2xx. */
export async function expectOk(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}
