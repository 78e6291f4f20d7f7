// Port helpers of the local stack: refuse to start on a port that is taken, or pick free ports for tests.
import { createServer } from "node:net";

/** Thrown when a port the stack needs is taken. `message` is the one-line text shown to the user. */
export class PortInUseError extends Error {
  readonly port: number;
  /** Which part of the stack wanted the port (not in the message). */
  readonly what: string | undefined;
  constructor(port: number, what?: string) {
    super(`port ${port} is already in use (is another stack running?)`);
    this.name = "PortInUseError";
    this.port = port;
    this.what = what;
  }
}

/** Resolves true when `host:port` can be bound right now (the probe socket is closed again). */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE" || err.code === "EACCES") resolve(false);
      else reject(err);
    });
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

/** Throws PortInUseError unless `host:port` is free. */
export async function assertPortFree(port: number, host = "127.0.0.1", what?: string): Promise<void> {
  if (!(await isPortFree(port, host))) throw new PortInUseError(port, what);
}

/** A port the OS reports as free on `host` (bind to port 0, read it back, release it). */
export function getFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("could not obtain a free port"))));
    });
  });
}

/** `n` distinct free ports. */
export async function getFreePorts(n: number, host = "127.0.0.1"): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await getFreePort(host));
  return [...ports];
}
