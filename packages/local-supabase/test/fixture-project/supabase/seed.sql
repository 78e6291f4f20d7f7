insert into public.notes (body) values ('seeded');
