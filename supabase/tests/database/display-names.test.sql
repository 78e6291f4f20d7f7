-- Display names: 1 to 80 characters, no control or format (Unicode Cf) characters, not blank under Unicode
-- whitespace (or null), for every writer.
begin;
select plan(37);

select tests.create_user('namer', '{"display_name":"Namer"}');
-- Sign-up metadata with a name that breaks the rules: cleaned, the sign-up does not fail.
select tests.create_user('long', json_build_object('display_name', E'  Bell\u0007 and\nnewline ' || repeat('x', 200))::jsonb);
-- A blank name in the metadata, and a control character in the email's local part.
select tests.create_user(E'ctl\u0001', '{"display_name":" \t "}');
-- A right-to-left override, and a name of no-break and ideographic spaces (with a zero-width space in the email).
select tests.create_user('rlo', json_build_object('display_name', E'\u202Egnp.exe')::jsonb);
select tests.create_user(E'\u200Bzw', json_build_object('display_name', E'\u00A0\u3000')::jsonb);

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
select is(
  (select display_name from public.profiles where id = tests.uid('rlo')),
  'gnp.exe',
  'a new user''s name from sign-up metadata loses its format characters (a right-to-left override)'
);
select is(
  (select display_name from public.profiles where id = tests.uid(E'\u200Bzw')),
  'zw',
  'a metadata name of no-break and ideographic spaces is blank: the email''s local part, cleaned, is used'
);

-- The cleaning the migration applied to existing names.
select is(private.clean_display_name(E'\u001b[2JAcme\u0085 '), '[2JAcme', 'control characters (C0, DEL, C1) are removed');
select is(private.clean_display_name(repeat('é', 100)), repeat('é', 80), 'names are cut to 80 characters');
select is(private.clean_display_name(E' \t\n '), null, 'a name with nothing left becomes null');
select is(private.clean_display_name('Dave Lindqvist'), 'Dave Lindqvist', 'a good name is kept as it is');
select is(private.clean_display_name(E'Ann\u2066a\u2069\u200B\uFEFF\u00AD'), 'Anna', 'format characters (isolates, zero-width space, BOM, soft hyphen) are removed');
select is(private.clean_display_name(E'\u200B\u200D\u200E'), null, 'a name of format characters only becomes null');
select is(private.clean_display_name(E'\u00A0\u3000\u2007'), null, 'a name of Unicode spaces only becomes null');
select is(private.clean_display_name(E'\u00A0Jean\u00A0Pierre\u3000'), E'Jean\u00A0Pierre', 'Unicode spaces are trimmed at both ends, kept inside');
select is(private.clean_display_name(repeat('a', 79) || E'\u3000b'), repeat('a', 79), 'cutting to 80 characters does not leave a trailing space');

select tests.authenticate_as(tests.uid('namer'));

select throws_ok(
  $$update public.profiles set display_name = repeat('a', 5000) where id = tests.uid('namer')$$,
  '23514', null,
  'a 5,000-character name is refused'
);
select throws_ok(
  $$update public.profiles set display_name = repeat('a', 81) where id = tests.uid('namer')$$,
  '23514', 'new row for relation "profiles" violates check constraint "display_name_1_to_80_characters_no_control_format_or_blank"',
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

-- Format characters (Unicode category Cf), each alone in an otherwise good name.
select throws_ok(
  format($$update public.profiles set display_name = %L where id = tests.uid('namer')$$, 'Eve' || chr(cp) || 'lyn'),
  '23514', null,
  format('U+%s (a format character) is refused', upper(lpad(to_hex(cp), 4, '0')))
)
from unnest(array[
  x'202A'::int, x'202E'::int, -- embeddings and overrides
  x'2066'::int, x'2069'::int, -- isolates
  x'200B'::int, x'200D'::int, x'200F'::int, -- zero-width space, joiner, right-to-left mark
  x'FEFF'::int, x'00AD'::int, x'E0001'::int -- byte order mark, soft hyphen, language tag
]) as cp;
select throws_ok(
  $$update public.profiles set display_name = E'\u00A0\u00A0' where id = tests.uid('namer')$$,
  '23514', null,
  'a name of no-break spaces only is refused'
);
select throws_ok(
  $$update public.profiles set display_name = E'\u3000\u3000' where id = tests.uid('namer')$$,
  '23514', null,
  'a name of ideographic spaces only is refused'
);
select throws_ok(
  $$update public.profiles set display_name = E'\u2003\u205F\u1680' where id = tests.uid('namer')$$,
  '23514', null,
  'a name of other Unicode spaces only is refused'
);
select lives_ok(
  $$update public.profiles set display_name = E'Jean\u00A0Pierre' where id = tests.uid('namer')$$,
  'a no-break space inside a name is accepted'
);
select lives_ok(
  $$update public.profiles set display_name = 'שרה כהן' where id = tests.uid('namer')$$,
  'a right-to-left name without direction marks is accepted'
);
select lives_ok(
  $$update public.profiles set display_name = 'Zoë 🙂' where id = tests.uid('namer')$$,
  'letters with diacritics and an emoji are accepted'
);
select lives_ok(
  $$update public.profiles set display_name = null where id = tests.uid('namer')$$,
  'no name (null) is accepted'
);

reset role;
select * from finish();
rollback;
