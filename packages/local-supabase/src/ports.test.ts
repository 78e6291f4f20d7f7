import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { PortInUseError, assertPortFree, getFreePort, getFreePorts, isPortFree } from "./ports.ts";
import { startStack } from "./start-stack.ts";

let busy: Server | null = null;

async function occupy(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  busy = server;
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("no address");
  return address.port;
}

afterEach(async () => {
  await new Promise<void>((r) => (busy ? busy.close(() => r()) : r()));
  busy = null;
});

describe("ports", () => {
  it("refuses a port that is in use with a one-line message", async () => {
    const port = await occupy();
    expect(await isPortFree(port)).toBe(false);
    await expect(assertPortFree(port)).rejects.toThrow(new PortInUseError(port));
    await expect(assertPortFree(port)).rejects.toThrow(`port ${port} is already in use (is another stack running?)`);
  });

  it("accepts a free port and hands out distinct free ports", async () => {
    const port = await getFreePort();
    await expect(assertPortFree(port)).resolves.toBeUndefined();
    const ports = await getFreePorts(3);
    expect(new Set(ports).size).toBe(3);
  });

  it("startStack refuses to start when the API port is taken, before starting anything", async () => {
    const port = await occupy();
    const started = Date.now();
    const err = await startStack({ ports: { api: port, rest: 0, db: 0 }, dataDir: "/tmp/never-used-stack-dir" }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PortInUseError);
    expect((err as Error).message).toBe(`port ${port} is already in use (is another stack running?)`);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
