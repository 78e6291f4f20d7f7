-- Local development data, loaded by `supabase db reset` after the migrations (and by the pgTAP runner).
-- Every user's password is password123.
--
--   alice@example.com   11111111-1111-4111-8111-111111111111  customer
--   bob@example.com     22222222-2222-4222-8222-222222222222  customer, one inquiry to Fjord & Fell
--   carol@acme.example  33333333-3333-4333-8333-333333333333  member of acme-travel
--   dave@fjordfell.example 44444444-4444-4444-8444-444444444444  member of fjord-and-fell

insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token, email_change_token_new, email_change
)
select
  '00000000-0000-0000-0000-000000000000',
  u.id,
  'authenticated',
  'authenticated',
  u.email,
  extensions.crypt('password123', extensions.gen_salt('bf')),
  now(),
  '{"provider":"email","providers":["email"]}'::jsonb,
  jsonb_build_object('display_name', u.display_name),
  now(),
  now(),
  '',
  '',
  '',
  ''
from (
  values
    ('11111111-1111-4111-8111-111111111111'::uuid, 'alice@example.com', 'Alice Martin'),
    ('22222222-2222-4222-8222-222222222222'::uuid, 'bob@example.com', 'Bob Okafor'),
    ('33333333-3333-4333-8333-333333333333'::uuid, 'carol@acme.example', 'Carol Reyes'),
    ('44444444-4444-4444-8444-444444444444'::uuid, 'dave@fjordfell.example', 'Dave Lindqvist')
) as u (id, email, display_name);

insert into auth.identities (id, user_id, provider_id, provider, identity_data, last_sign_in_at, created_at, updated_at)
select
  u.id,
  u.id,
  u.id::text,
  'email',
  jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
  now(),
  now(),
  now()
from auth.users u
where u.id in (
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
  '44444444-4444-4444-8444-444444444444'
);

insert into public.agencies (id, name, slug, description) values
  ('a0000000-0000-4000-8000-000000000001', 'Acme Travel', 'acme-travel',
   'Tailor-made city breaks and long weekends across Europe. We book rail, hotels and museum passes as one itinerary, and a named planner stays with you until you are home.'),
  ('a0000000-0000-4000-8000-000000000002', 'Fjord & Fell Adventures', 'fjord-and-fell',
   'Small-group hiking and kayaking trips in Norway, Iceland and the Scottish Highlands. Every departure is led by a certified local guide, and gear rental is included.'),
  ('a0000000-0000-4000-8000-000000000003', 'Sunward Voyages', 'sunward-voyages',
   'Island hopping in Greece, Croatia and the Canaries, by ferry or chartered sailboat. We handle the connections so you can stay on island time.'),
  ('a0000000-0000-4000-8000-000000000004', 'Silk Road Journeys', 'silk-road-journeys',
   'Overland journeys through Uzbekistan, Kyrgyzstan and Georgia with private drivers and family-run guesthouses. Visas, permits and border crossings are arranged for you.'),
  ('a0000000-0000-4000-8000-000000000005', 'Savanna Trails Safaris', 'savanna-trails',
   'Conservation-minded safaris in Kenya, Tanzania and Botswana. Our camps are chosen for their guiding and their work with local communities. Family departures run every school holiday.'),
  ('a0000000-0000-4000-8000-000000000006', 'Pacific Rim Escapes', 'pacific-rim-escapes',
   'Japan, Taiwan and South Korea for first-timers and returning travellers. Rail passes, ryokan stays and food tours are combined into one unhurried route.'),
  ('a0000000-0000-4000-8000-000000000007', 'Andes & Beyond', 'andes-and-beyond',
   'Treks to Machu Picchu, the Salt Flats and Patagonia, paced for altitude. We keep groups under twelve and donate part of every booking to trail maintenance.');

insert into public.agency_members (agency_id, user_id) values
  ('a0000000-0000-4000-8000-000000000001', '33333333-3333-4333-8333-333333333333'),
  ('a0000000-0000-4000-8000-000000000002', '44444444-4444-4444-8444-444444444444');

-- Bob's inbox is not empty: an inquiry to Fjord & Fell, answered by Dave.
insert into public.conversations (id, context_type, context_id, created_by, created_at) values
  ('c0000000-0000-4000-8000-000000000001', 'agency_inquiry', 'a0000000-0000-4000-8000-000000000002',
   '22222222-2222-4222-8222-222222222222', now() - interval '2 days');

insert into public.messages (id, conversation_id, sender_id, body, created_at) values
  ('d0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', '22222222-2222-4222-8222-222222222222',
   'Hi! Do you still have places on the Lofoten kayaking week in late June? We would be two adults, both beginners.',
   now() - interval '2 days'),
  ('d0000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000001', '44444444-4444-4444-8444-444444444444',
   'Hello Bob, yes: the 21 June departure has four places left and no experience is needed. Shall I hold two for you until Friday?',
   now() - interval '1 day');
