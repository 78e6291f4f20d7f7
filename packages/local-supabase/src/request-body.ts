// Reads a request body into memory when it is small enough to be sent again.
import type { IncomingMessage } from "node:http";

export type ReadBody =
  /** The whole body. */
  | { complete: true; body: Buffer }
  /** The body is over the limit: `head` was read, the rest is still in the (paused) request. */
  | { complete: false; head: Buffer[] }
  /** The client went away before the body ended. */
  | null;

/** True when the request has a body (RFC 9112 §6.3: Content-Length other than 0, or Transfer-Encoding). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && Number(length) !== 0);
}

export function readBodyUpTo(req: IncomingMessage, limit: number): Promise<ReadBody> {
  if (Number(req.headers["content-length"]) > limit) return Promise.resolve({ complete: false, head: [] });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: ReadBody) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) {
        req.pause();
        done({ complete: false, head: chunks });
      }
    };
    const onEnd = () => done({ complete: true, body: Buffer.concat(chunks, size) });
    // "close" before "end": the client aborted (an error, if any, comes with it and is not ours to report).
    const onClose = () => done(req.complete ? { complete: true, body: Buffer.concat(chunks, size) } : null);
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("close", onClose);
  });
}
