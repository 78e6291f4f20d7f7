-- Agency names are 1 to 120 characters. The directory's page links carry the last name shown (keyset cursor,
-- lib/agencies/cursor.ts), so a name needs a bound for every link to stay a URL the app accepts back.
-- Until now any text was accepted. Agencies are written by the service role, migrations and the seed only.
--
-- Locks agencies (access exclusive while the constraint is added and checked: one scan of a small table). Give
-- up after 1 s waiting for that lock rather than queue every directory read behind a long transaction; the
-- deploy can be run again.
set local lock_timeout = '1s';

alter table public.agencies
  add constraint agencies_name_length check (char_length(name) between 1 and 120);
