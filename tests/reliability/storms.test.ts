// Storms: 500 POSTs in flight at once against `next start`. The unique indexes, not the check, decide.
import { describe, expect, it } from "vitest";
import { fileFigures } from "./support/figures.ts";
import { bearer, ctx, newAgency, newUser, openBody, pairRows, pool, send, type Answer } from "./support/helpers.ts";

const STORM = 500;
const figures = fileFigures("storms");

type Opened = { data: { id: string; message: { id: string; client_message_id: string } } };

describe("storms of concurrent POST /api/messages/conversations", () => {
  it(`${STORM} identical POSTs (same client_message_id) make 1 conversation and 1 message`, async () => {
    const user = await newUser("storm-same");
    const agency = await newAgency();
    const body = JSON.stringify(openBody(agency, "Hello, is the tour still available?"));
    const url = `${ctx().appUrl}/api/messages/conversations`;

    const answers = await pool(Array.from({ length: STORM }), STORM, () =>
      send(figures, url, { method: "POST", headers: bearer(user.accessToken), body }),
    );

    const statuses = countBy(answers.map((a) => a.status));
    expect(statuses, "every answer is 200 or 201").toEqual(expect.objectContaining({}));
    expect(
      Object.keys(statuses).filter((s) => s !== "200" && s !== "201"),
      `statuses ${JSON.stringify(statuses)}`,
    ).toEqual([]);
    const ok = answers as Answer[];
    expect(new Set(ok.map((a) => (a.json as Opened).data.id)).size, "one conversation id in every answer").toBe(1);
    expect(new Set(ok.map((a) => (a.json as Opened).data.message.id)).size, "one message id in every answer").toBe(1);

    const rows = await pairRows(user.id, agency);
    expect(rows.conversations).toHaveLength(1);
    expect([...rows.messages.values()]).toEqual([1]);
    figures.duplicates += rows.conversations.length - 1 + [...rows.messages.values()].reduce((s, n) => s + n - 1, 0);
  });

  it(`${STORM} POSTs with distinct client_message_ids make 1 conversation and ${STORM} messages, none lost`, async () => {
    const user = await newUser("storm-distinct");
    const agency = await newAgency();
    const url = `${ctx().appUrl}/api/messages/conversations`;
    const ids = Array.from({ length: STORM }, () => crypto.randomUUID());

    const answers = await pool(ids, STORM, (id, i) =>
      send(figures, url, {
        method: "POST",
        headers: bearer(user.accessToken),
        body: JSON.stringify(openBody(agency, `Message ${i}`, id)),
      }),
    );

    const statuses = countBy(answers.map((a) => a.status));
    expect(
      Object.keys(statuses).filter((s) => s !== "200" && s !== "201"),
      `statuses ${JSON.stringify(statuses)}`,
    ).toEqual([]);
    expect(statuses["201"], "exactly one answer created the conversation").toBe(1);
    const ok = answers as Answer[];
    expect(new Set(ok.map((a) => (a.json as Opened).data.id)).size).toBe(1);
    expect(ok.map((a) => (a.json as Opened).data.message.client_message_id)).toEqual(ids);

    const rows = await pairRows(user.id, agency);
    expect(rows.conversations).toHaveLength(1);
    const lost = ids.filter((id) => !rows.messages.has(id)).length;
    figures.rowsLost += lost;
    figures.duplicates += [...rows.messages.values()].reduce((s, n) => s + n - 1, 0);
    expect(lost, "messages lost").toBe(0);
    expect(rows.messages.size).toBe(STORM);
    expect(
      [...rows.messages.values()].every((n) => n === 1),
      "each message stored once",
    ).toBe(true);
  });
});

function countBy(values: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
