-- Display names: 1 to 80 characters, no control characters, not blank (or null), for every writer.
begin;
select plan(14);

select tests.create_user('namer', '{"display_name":"Namer"}');
-- Sign-up metadata with a name that breaks the rules: cleaned, the sign-up does not fail.
select tests.create_user('long', json_build_object('display_name', E'  Bell\u0007 and\nnewline ' || repeat('x', 200))::jsonb);
-- A blank name in the metadata, and a control character in the email's local part.
select tests.create_user(E'ctl\u0001', '{"display_name":" \t "}');

select is(
  (select display_name from public.profiles where id = tests.uid('long')),
  'Bell andnewline ' || repeat('x', 64),
  'a new user''s name from sign-up metadata is cleaned: control characters removed, trimmed, cut to 80'
);
select is(
  (select display_name from public.profiles where id = tests.uid(E'ctl\u0001')),
  'ctl',
  'a blank metadata name falls back to the email''s local part, cleaned'
);

-- The cleaning the migration applied to existing names.
select is(private.clean_display_name(E'\u001b[2JAcme\u0085 '), '[2JAcme', 'control characters (C0, DEL, C1) are removed');
select is(private.clean_display_name(repeat('é', 100)), repeat('é', 80), 'names are cut to 80 characters');
select is(private.clean_display_name(E' \t\n '), null, 'a name with nothing left becomes null');
select is(private.clean_display_name('Dave Lindqvist'), 'Dave Lindqvist', 'a good name is kept as it is');

select tests.authenticate_as(tests.uid('namer'));

select throws_ok(
  $$update public.profiles set display_name = repeat('a', 5000) where id = tests.uid('namer')$$,
  '23514', null,
  'a 5,000-character name is refused'
);
select throws_ok(
  $$update public.profiles set display_name = repeat('a', 81) where id = tests.uid('namer')$$,
  '23514', 'new row for relation "profiles" violates check constraint "display_name_1_to_80_characters_without_control_characters"',
  'an 81-character name is refused, and the error names the rule'
);
select throws_ok(
  $$update public.profiles set display_name = E'Line\nbreak' where id = tests.uid('namer')$$,
  '23514', null,
  'a newline is refused'
);
select throws_ok(
  $$update public.profiles set display_name = E'Esc\u001b[31m' where id = tests.uid('namer')$$,
  '23514', null,
  'an escape character is refused'
);
select throws_ok(
  $$update public.profiles set display_name = '' where id = tests.uid('namer')$$,
  '23514', null,
  'an empty name is refused'
);
select throws_ok(
  $$update public.profiles set display_name = '   ' where id = tests.uid('namer')$$,
  '23514', null,
  'a blank name is refused'
);
select lives_ok(
  $$update public.profiles set display_name = repeat('é', 80) where id = tests.uid('namer')$$,
  'an 80-character name is accepted'
);
select lives_ok(
  $$update public.profiles set display_name = null where id = tests.uid('namer')$$,
  'no name (null) is accepted'
);

reset role;
select * from finish();
rollback;
