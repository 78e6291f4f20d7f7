-- Display names are shown to other people (agency staff see their customers' names): 1 to 80 characters,
-- no control characters (C0, DEL, C1: newlines, escapes, bidi tricks start there), not only spaces.
-- Until now any text was accepted (a 5,000-character name, "\u001b[2J", line breaks).
--
-- Existing names are cleaned first (control characters removed, trimmed, cut to 80 characters; what is left
-- empty becomes null, i.e. "no name", which the app shows as "Customer"), then the rule is added, checked by
-- the database for every writer: the API, PostgREST, the sign-up trigger.
--
-- Locks profiles (access exclusive while the constraint is added and checked: one scan of profiles, one row per
-- user). Give up after 1 s waiting for that lock rather than queue every profile read behind a long
-- transaction; the deploy can be run again. (Added in place: no deploy of this schema exists yet.)
set local lock_timeout = '1s';

create schema if not exists private;

create function private.clean_display_name(name text)
returns text
language sql
immutable
set search_path = ''
as $$
  select nullif(btrim(left(btrim(regexp_replace(name, '[\x01-\x1f\x7f-\x9f]', '', 'g')), 80)), '');
$$;

comment on function private.clean_display_name(text) is 'A display name made acceptable: control characters removed, trimmed, at most 80 characters; null when nothing is left.';
revoke execute on function private.clean_display_name(text) from public, anon, authenticated;

update public.profiles
set display_name = private.clean_display_name(display_name)
where display_name is distinct from private.clean_display_name(display_name);

-- The constraint's name is what PostgREST reports on a refused write (400, code 23514): it says the rule.
alter table public.profiles
  add constraint display_name_1_to_80_characters_without_control_characters check (
    char_length(display_name) between 1 and 80
    and display_name !~ '[\x01-\x1f\x7f-\x9f]'
    and btrim(display_name) <> ''
  );

comment on column public.profiles.display_name is 'Shown to conversation partners: 1 to 80 characters, no control characters, not blank (or null: no name). Defaults to raw_user_meta_data.display_name or the email''s local part, cleaned.';

-- New users: a name from sign-up metadata or the email is cleaned the same way, so a sign-up never fails on it.
create or replace function public.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, display_name)
  values (
    new.id,
    coalesce(
      private.clean_display_name(new.raw_user_meta_data ->> 'display_name'),
      private.clean_display_name(split_part(new.email, '@', 1))
    )
  );
  return new;
end;
$$;
