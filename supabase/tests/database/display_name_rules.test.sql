-- Display names: 1 to 80 characters, no control characters, not blank (or null), for every writer.
begin;
select plan(14);

insert into auth.users (id, email, raw_user_meta_data) values
  ('e1000000-0000-4000-8000-000000000001', 'namer@example.test', '{"display_name":"Namer"}'),
  -- Sign-up metadata with a name that breaks the rules: cleaned, the sign-up does not fail.
  ('e1000000-0000-4000-8000-000000000002', 'long@example.test',
    json_build_object('display_name', E'  Bell\u0007 and\nnewline ' || repeat('x', 200))::jsonb),
  ('e1000000-0000-4000-8000-000000000003', E'ctl\u0001@example.test', '{"display_name":" \t "}');

select is(
  (select display_name from public.profiles where id = 'e1000000-0000-4000-8000-000000000002'),
  'Bell andnewline ' || repeat('x', 64),
  'a new user''s name from sign-up metadata is cleaned: control characters removed, trimmed, cut to 80'
);
select is(
  (select display_name from public.profiles where id = 'e1000000-0000-4000-8000-000000000003'),
  'ctl',
  'a blank metadata name falls back to the email''s local part, cleaned'
);

-- The cleaning the migration applied to existing names.
select is(private.clean_display_name(E'\u001b[2JAcme\u0085 '), '[2JAcme', 'control characters (C0, DEL, C1) are removed');
select is(private.clean_display_name(repeat('é', 100)), repeat('é', 80), 'names are cut to 80 characters');
select is(private.clean_display_name(E' \t\n '), null, 'a name with nothing left becomes null');
select is(private.clean_display_name('Dave Lindqvist'), 'Dave Lindqvist', 'a good name is kept as it is');

set local role authenticated;
select set_config('request.jwt.claims', json_build_object('sub', 'e1000000-0000-4000-8000-000000000001', 'role', 'authenticated')::text, true);

select throws_ok(
  $$update public.profiles set display_name = repeat('a', 5000) where id = 'e1000000-0000-4000-8000-000000000001'$$,
  '23514', null,
  'a 5,000-character name is refused'
);
select throws_ok(
  $$update public.profiles set display_name = repeat('a', 81) where id = 'e1000000-0000-4000-8000-000000000001'$$,
  '23514', 'new row for relation "profiles" violates check constraint "display_name_1_to_80_characters_without_control_characters"',
  'an 81-character name is refused, and the error names the rule'
);
select throws_ok(
  $$update public.profiles set display_name = E'Line\nbreak' where id = 'e1000000-0000-4000-8000-000000000001'$$,
  '23514', null,
  'a newline is refused'
);
select throws_ok(
  $$update public.profiles set display_name = E'Esc\u001b[31m' where id = 'e1000000-0000-4000-8000-000000000001'$$,
  '23514', null,
  'an escape character is refused'
);
select throws_ok(
  $$update public.profiles set display_name = '' where id = 'e1000000-0000-4000-8000-000000000001'$$,
  '23514', null,
  'an empty name is refused'
);
select throws_ok(
  $$update public.profiles set display_name = '   ' where id = 'e1000000-0000-4000-8000-000000000001'$$,
  '23514', null,
  'a blank name is refused'
);
select lives_ok(
  $$update public.profiles set display_name = repeat('é', 80) where id = 'e1000000-0000-4000-8000-000000000001'$$,
  'an 80-character name is accepted'
);
select lives_ok(
  $$update public.profiles set display_name = null where id = 'e1000000-0000-4000-8000-000000000001'$$,
  'no name (null) is accepted'
);

reset role;
select * from finish();
rollback;
