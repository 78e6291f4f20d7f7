-- Display names refuse invisible and direction-changing characters, and names that are blank under Unicode
-- whitespace.
--
-- 20261128120000_display_name_rules.sql refused control characters (C0, DEL, C1) and names made of ASCII
-- spaces only. It let through the Unicode format characters (general category Cf): bidirectional overrides and
-- isolates (U+202A–202E, U+2066–2069, which reorder what follows them on screen), zero-width spaces and joiners
-- (U+200B–200F), the byte order mark U+FEFF, the soft hyphen, tag characters and the rest. And btrim() trims
-- ASCII spaces only, so a name of no-break spaces (U+00A0) or ideographic spaces (U+3000) was not "blank".
--
-- Existing names are cleaned first (control and format characters removed, Unicode whitespace trimmed from
-- both ends, cut to 80 characters; a name with nothing left becomes null, "no name"), then the rule is checked
-- for every writer. Removing a zero-width joiner splits an emoji sequence (a family emoji) into its emojis; tag
-- characters (subdivision flags such as Scotland's) are removed: the flag becomes a plain black flag.
--
-- The two character classes below are written out because PostgreSQL 15 has no Unicode-category classes.
-- REFUSED: C0 and DEL/C1 controls, and every code point of category Cf (Unicode 17, as Node's /\p{Cf}/u
-- reports it). WHITESPACE: the Unicode White_Space property. tests/db/display-name-character-classes.test.ts
-- generates both from Node's Unicode data and fails when this file disagrees, and checks that PostgreSQL's
-- regular expressions match exactly those code points.
--
-- Locks: profiles only, access exclusive for the few statements below (profiles has one row per user; the
-- update and the validation read each once). Give up after 1 s rather than queue every profile read behind a
-- long transaction; the deploy can be retried.
set local lock_timeout = '1s';

create or replace function private.clean_display_name(name text)
returns text
language sql
immutable
set search_path = ''
as $$
  select nullif(
    regexp_replace(
      left(
        regexp_replace(
          -- REFUSED
          regexp_replace(name, '[\x01-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]', '', 'g'),
          -- WHITESPACE, at either end
          '^[\t-\r \x85\u00a0\u1680\u2000-\u200a\u2028-\u2029\u202f\u205f\u3000]+|[\t-\r \x85\u00a0\u1680\u2000-\u200a\u2028-\u2029\u202f\u205f\u3000]+$', '', 'g'),
        80),
      -- WHITESPACE, at the end again: cutting to 80 characters may leave some
      '[\t-\r \x85\u00a0\u1680\u2000-\u200a\u2028-\u2029\u202f\u205f\u3000]+$', '', 'g'),
    '');
$$;

comment on function private.clean_display_name(text) is 'A display name made acceptable: control and format characters removed, Unicode whitespace trimmed, at most 80 characters; null when nothing is left.';

-- Not valid first: from here on every write is checked, so nothing unclean can be written between the cleaning
-- and the validation.
alter table public.profiles
  drop constraint display_name_1_to_80_characters_without_control_characters,
  -- The constraint's name is what PostgREST reports on a refused write (400, code 23514): it says the rule.
  add constraint display_name_1_to_80_characters_no_control_format_or_blank check (
    char_length(display_name) between 1 and 80
    -- REFUSED
    and display_name !~ '[\x01-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]'
    -- not blank: at least one character outside WHITESPACE
    and display_name ~ '[^\t-\r \x85\u00a0\u1680\u2000-\u200a\u2028-\u2029\u202f\u205f\u3000]'
  ) not valid;

update public.profiles
set display_name = private.clean_display_name(display_name)
where display_name is distinct from private.clean_display_name(display_name);

alter table public.profiles validate constraint display_name_1_to_80_characters_no_control_format_or_blank;

comment on column public.profiles.display_name is 'Shown to conversation partners: 1 to 80 characters, no control or format (Unicode Cf) characters, not blank under Unicode whitespace (or null: no name). Defaults to raw_user_meta_data.display_name or the email''s local part, cleaned.';
