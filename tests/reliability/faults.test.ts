// Faults in the middle of a storm: PostgREST frozen, the database refusing connections, the app server killed.
// Every answer must be 2xx or a JSON 503; retrying every failed send with its same client_message_id must end
// with exactly one conversation and each message exactly once.
import { readdir, readFile } from "node:fs/promises";
import { connect } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../../scripts/test-harness/production-app.ts";
import { fileFigures } from "./support/figures.ts";
import {
  bearer,
  ctx,
  errorCode,
  expectStoredOnce,
  newAgency,
  newUser,
  openBody,
  pool,
  resendUntilStored,
  send,
  startOwnApp,
  sleep,
  type Answer,
  type NoAnswer,
} from "./support/helpers.ts";

const STORM = 300;
const IN_FLIGHT = 20;
const FAULT_MS = 4000;
/** The Supabase deadline of the app under test here: a frozen PostgREST turns into 503 after this. */
const REQUEST_TIMEOUT_MS = 3000;
const RETRY_ROUNDS = 10;

const figures = fileFigures("faults");
let app: AppServer;

beforeAll(async () => {
  app = await startOwnApp({ deadlineMs: REQUEST_TIMEOUT_MS });
});
afterAll(async () => {
  await app?.stop();
});

/** PostgREST of this suite's stack: the process whose environment names its port. */
async function postgrestPid(): Promise<number> {
  const port = new URL(ctx().restUrl).port;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = await readFile(`/proc/${entry}/environ`, "utf8");
      if (environ.split("\0").includes(`PGRST_SERVER_PORT=${port}`)) return Number(entry);
    } catch {
      // gone or not ours
    }
  }
  throw new Error(`no PostgREST process with PGRST_SERVER_PORT=${port}`);
}

async function asSuperuser<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ctx().serverUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

type Outcome = { firstPass: Array<Answer | NoAnswer>; unexpected: string[]; retried: number; rounds: number };

/**
 * STORM sends (distinct client_message_ids, IN_FLIGHT at a time) of one user to one agency; `fault` starts when a
 * third of them are answered. Then every send that did not get a 2xx is retried, same id, until all have one.
 */
async function stormWithFault(
  label: string,
  fault: () => Promise<void>,
  allowNoAnswer: boolean,
): Promise<Outcome & { userId: string; agencyId: string; ids: string[] }> {
  const user = await newUser(label);
  const agency = await newAgency();
  const ids = Array.from({ length: STORM }, () => crypto.randomUUID());
  const bodies = ids.map((id, i) => JSON.stringify(openBody(agency, `${label} message ${i} <b>&amp;</b>`, id)));
  const post = (i: number) =>
    send(figures, `${app.url}/api/messages/conversations`, {
      method: "POST",
      headers: bearer(user.accessToken),
      body: bodies[i],
      timeoutMs: 30_000,
    });

  let answered = 0;
  let faultDone: Promise<void> | null = null;
  const firstPass = await pool(ids, IN_FLIGHT, async (_, i) => {
    const answer = await post(i);
    if (++answered === Math.floor(STORM / 3)) {
      figures.faults++;
      faultDone = fault();
    }
    return answer;
  });
  await faultDone;

  const unexpected: string[] = [];
  const check = (a: Answer | NoAnswer, i: number) => {
    if (a.status >= 200 && a.status < 300) return;
    if (a.status === 503 && errorCode(a) === "supabase_unavailable") return;
    if (a.status === 0 && allowNoAnswer) return;
    unexpected.push(`#${i}: ${a.status} ${"text" in a ? a.text.slice(0, 200) : a.error}`);
  };
  firstPass.forEach(check);

  const { retried, rounds, stillFailing } = await resendUntilStored({
    firstPass,
    post,
    inFlight: IN_FLIGHT,
    rounds: RETRY_ROUNDS,
    check,
  });
  expect(stillFailing, `sends still failing after ${RETRY_ROUNDS} retry rounds`).toEqual([]);
  return { firstPass, unexpected, retried, rounds, userId: user.id, agencyId: agency, ids };
}

function note(what: string, o: Outcome) {
  const statuses: Record<string, number> = {};
  for (const a of o.firstPass) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  figures.notes.push(`${what}: first pass ${JSON.stringify(statuses)}, ${o.retried} retried in ${o.rounds} round(s)`);
}

describe("faults in the middle of a storm", () => {
  it("PostgREST frozen (SIGSTOP) for 4 s: 2xx or JSON 503, then retries store every message exactly once", async () => {
    const pid = await postgrestPid();
    const outcome = await stormWithFault(
      "frozen-postgrest",
      async () => {
        process.kill(pid, "SIGSTOP");
        try {
          await sleep(FAULT_MS);
        } finally {
          process.kill(pid, "SIGCONT");
        }
      },
      false,
    );
    note("PostgREST SIGSTOP 4 s", outcome);
    expect(outcome.unexpected, "answers other than 2xx / JSON 503").toEqual([]);
    expect(outcome.retried, "the fault made some sends fail").toBeGreaterThan(0);
    await expectStoredOnce(figures, outcome);
  });

  it("database refusing connections for 4 s (sessions terminated, ALLOW_CONNECTIONS false): 2xx or JSON 503, then exactly once", async () => {
    const name = ctx().databaseName;
    const outcome = await stormWithFault(
      "database-down",
      async () => {
        await asSuperuser(async (c) => {
          await c.query(`alter database ${name} allow_connections false`);
          try {
            await c.query(
              "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
              [name],
            );
            await sleep(FAULT_MS);
          } finally {
            await c.query(`alter database ${name} allow_connections true`);
          }
        });
      },
      false,
    );
    note("database down 4 s", outcome);
    expect(outcome.unexpected, "answers other than 2xx / JSON 503").toEqual([]);
    expect(outcome.retried, "the fault made some sends fail").toBeGreaterThan(0);
    await expectStoredOnce(figures, outcome);
  });

  it("app server killed (SIGKILL) and started again mid-storm: answers 2xx or JSON 503, retries store every message exactly once", async () => {
    const port = app.port;
    const outcome = await stormWithFault(
      "app-restart",
      async () => {
        await app.kill("SIGKILL");
        app = await startOwnApp({ deadlineMs: REQUEST_TIMEOUT_MS, port });
      },
      true,
    );
    note("next start SIGKILL + restart", outcome);
    expect(outcome.unexpected, "answers other than 2xx / JSON 503 / no answer").toEqual([]);
    expect(outcome.retried, "the fault made some sends fail").toBeGreaterThan(0);
    await expectStoredOnce(figures, outcome);
  });
});

describe("a client that disconnects in the middle of its body", () => {
  it("is not logged as a server error, and the server goes on answering", async () => {
    const user = await newUser("disconnect");
    const errorsBefore = app.stderrLines().filter((line) => line.includes("API error")).length;
    const head = JSON.stringify(openBody(crypto.randomUUID(), "cut off")).slice(0, 40);
    for (let i = 0; i < 5; i++) {
      figures.faults++;
      await new Promise<void>((resolve, reject) => {
        const socket = connect(app.port, "127.0.0.1", () => {
          socket.write(
            [
              "POST /api/messages/conversations HTTP/1.1",
              `Host: 127.0.0.1:${app.port}`,
              `Authorization: Bearer ${user.accessToken}`,
              "Content-Type: application/json",
              "Content-Length: 4000",
              "",
              head,
            ].join("\r\n"),
          );
          // Give the server time to start reading the body, then vanish.
          setTimeout(() => socket.destroy(), 200);
        });
        socket.on("close", () => resolve());
        socket.on("error", reject);
      });
    }
    // A request after the disconnects is answered, so the server has dealt with them.
    const after = (await send(figures, `${app.url}/api/messages/conversations`, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    })) as Answer;
    expect(after.status).toBe(200);
    await sleep(500);
    const errorsAfter = app.stderrLines().filter((line) => line.includes("API error")).length;
    expect(errorsAfter - errorsBefore, app.stderrLines().slice(-10).join("\n")).toBe(0);
  });
});
