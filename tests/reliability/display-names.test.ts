// Display names through the Supabase API, as a client writes them with supabase-js: a name with invisible or
// direction-changing characters (Unicode format characters) or one that is blank under Unicode whitespace is
// refused with a 400 that names the rule, and the stored name does not change; a sign-up whose metadata name has
// them still succeeds, with the name cleaned.
import { createClient } from "@supabase/supabase-js";
import { beforeAll, describe, expect, it } from "vitest";
import { PUBLISHABLE_KEY, type User } from "local-supabase";
import { fileFigures } from "./support/figures.ts";
import { ctx, newUser, query } from "./support/helpers.ts";

const figures = fileFigures("display-names");
const RULE = "display_name_1_to_80_characters_no_control_format_or_blank";
const GOOD_NAME = "Evelyn Hart";

const refusedNames: [string, string][] = [
  ["right-to-left override", "Eve\u202Elyn"],
  ["left-to-right embedding", "\u202AEvelyn"],
  ["first-strong isolate", "Eve\u2068lyn\u2069"],
  ["zero-width space", "Eve\u200Blyn"],
  ["zero-width joiner", "Eve\u200Dlyn"],
  ["right-to-left mark", "Evelyn\u200F"],
  ["byte order mark", "\uFEFFEvelyn"],
  ["soft hyphen", "Eve\u00ADlyn"],
  ["tag character", "Evelyn\u{E0041}"],
  ["zero-width spaces only", "\u200B\u200B\u200B"],
  ["no-break spaces only", "\u00A0\u00A0"],
  ["ideographic spaces only", "\u3000\u3000"],
  ["em and narrow no-break spaces only", "\u2003\u202F"],
];

let user: User;

const asUser = (accessToken: string) =>
  createClient(ctx().apiUrl, PUBLISHABLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { authorization: `Bearer ${accessToken}` } },
  });

async function storedName(id: string): Promise<string | null> {
  const [row] = await query<{ display_name: string | null }>("select display_name from public.profiles where id = $1", [
    id,
  ]);
  return row!.display_name;
}

beforeAll(async () => {
  user = await newUser("names");
  const { error } = await asUser(user.accessToken)
    .from("profiles")
    .update({ display_name: GOOD_NAME })
    .eq("id", user.id);
  figures.requests += 1;
  expect(error).toBeNull();
});

describe("display names through the Supabase API", () => {
  it.each(refusedNames)("a name with a %s is refused, nothing changes", async (_what, name) => {
    const { error, status } = await asUser(user.accessToken)
      .from("profiles")
      .update({ display_name: name })
      .eq("id", user.id);
    figures.requests += 1;
    figures.inputs += 1;

    expect(status).toBe(400);
    expect(error?.code).toBe("23514");
    expect(error?.message).toContain(RULE);
    expect(await storedName(user.id)).toBe(GOOD_NAME);
  });

  it("a no-break space inside a name, a right-to-left script and an emoji are accepted", async () => {
    const client = asUser(user.accessToken);
    for (const name of ["Jean\u00A0Pierre", "שרה כהן", "Zoë 🙂"]) {
      const { error } = await client.from("profiles").update({ display_name: name }).eq("id", user.id);
      figures.requests += 1;
      figures.inputs += 1;
      expect(error, name).toBeNull();
      expect(await storedName(user.id)).toBe(name);
    }
  });

  it("a sign-up whose metadata name has format characters succeeds, with the name cleaned", async () => {
    const anon = createClient(ctx().apiUrl, PUBLISHABLE_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const signUps: [string, string][] = [
      ["\u202Egnp.exe\u200B", "gnp.exe"],
      // Blank under Unicode whitespace: the email's local part is used instead.
      ["\u00A0\u3000", "blank-"],
    ];
    for (const [metadataName, expected] of signUps) {
      const local = `${expected}${crypto.randomUUID().slice(0, 8)}`;
      const { data, error } = await anon.auth.signUp({
        email: `${local}@example.com`,
        password: "password123",
        options: { data: { display_name: metadataName } },
      });
      figures.requests += 1;
      figures.inputs += 1;
      expect(error).toBeNull();
      expect(await storedName(data.user!.id)).toBe(expected === "blank-" ? local : expected);
    }
  });
});
