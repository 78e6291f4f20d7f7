// A burst of POSTs from a process of its own, so that it reaches the gateway while the test's process (which runs
// the gateway) is busy: `node timed-burst.ts <apiUrl> <count> <sendAt epoch ms>`. It opens `count` connections
// 1.5 s before `sendAt` and writes one POST on each at `sendAt`, all at once (raw HTTP/1.1, so that nothing
// delays the writes), then prints one JSON line: when the writes began and ended, and the answers' statuses
// (0 for a connection that ended without one).
import { connect, type Socket } from "node:net";
import { SECRET_KEY } from "../../../src/keys.ts";

const [apiUrl, countArg, sendAtArg] = process.argv.slice(2);
const { hostname, port } = new URL(apiUrl!);
const count = Number(countArg);
const sendAt = Number(sendAtArg);
const until = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

await until(sendAt - 1_500);
const sockets = await Promise.all(
  Array.from(
    { length: count },
    () =>
      new Promise<Socket>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => resolve(socket));
        socket.once("error", reject);
      }),
  ),
);
const answers = sockets.map(
  (socket) =>
    new Promise<number>((resolve) => {
      let head = "";
      socket.on("data", (d: Buffer) => (head += d.toString("latin1")));
      socket.on("error", () => {});
      socket.on("close", () => resolve(Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1] ?? 0)));
    }),
);
await until(sendAt);
const sentAt = Date.now();
sockets.forEach((socket, i) => {
  const body = JSON.stringify({ body: `staged ${i}` });
  socket.write(
    `POST /rest/v1/notes HTTP/1.1\r\nHost: ${hostname}:${port}\r\napikey: ${SECRET_KEY}\r\n` +
      `content-type: application/json\r\nprefer: return=minimal\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `connection: close\r\n\r\n${body}`,
  );
});
const writtenAt = Date.now();
const statuses = await Promise.all(answers);
process.stdout.write(JSON.stringify({ sentAt, writtenAt, statuses }) + "\n");
