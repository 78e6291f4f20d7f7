-- Conversations about something (an agency inquiry, a support request) and their messages.

create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  context_type text not null
    constraint conversations_context_type_check check (context_type in ('agency_inquiry', 'support')),
  context_id uuid not null,
  created_by uuid not null default auth.uid() references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_message_at timestamptz
);

comment on column public.conversations.context_type is 'What the conversation is about: agency_inquiry (context_id = agencies.id) or support.';
comment on column public.conversations.context_id is 'Id of the subject; for agency_inquiry an existing agency, checked by a trigger (polymorphic, so no foreign key).';
comment on column public.conversations.last_message_at is 'Creation time of the newest message; maintained by the messages_touch_conversation trigger, null until the first message.';

create table public.messages (
  id uuid primary key default gen_random_uuid(),
  conversation_id uuid not null references public.conversations (id) on delete cascade,
  sender_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  body text not null
    constraint messages_body_length check (char_length(body) between 1 and 4000),
  client_message_id uuid not null default gen_random_uuid(),
  created_at timestamptz not null default now()
);

comment on column public.messages.client_message_id is 'Idempotency key chosen by the client for one send; a retried send reuses it.';

-- The customer's inbox: newest activity first.
create index conversations_created_by_activity_idx
  on public.conversations (created_by, last_message_at desc nulls last, created_at desc);
-- The agency's inbox: inquiries addressed to one agency.
create index conversations_context_idx
  on public.conversations (context_type, context_id, last_message_at desc nulls last, created_at desc);
-- A conversation's thread, oldest first.
create index messages_conversation_id_created_at_idx
  on public.messages (conversation_id, created_at);

alter table public.conversations enable row level security;
alter table public.messages enable row level security;

-- Anon has no business with conversations. Authenticated users insert and read; only the columns a client
-- may choose are insertable (ids and timestamps come from defaults, last_message_at from the trigger).
revoke all on table public.conversations from anon, authenticated;
grant select on table public.conversations to authenticated;
grant insert (context_type, context_id, created_by) on table public.conversations to authenticated;

revoke all on table public.messages from anon, authenticated;
grant select on table public.messages to authenticated;
grant insert (conversation_id, sender_id, body, client_message_id) on table public.messages to authenticated;

-- An agency inquiry must be about an existing agency. 23503 lets the API answer 404 from the insert itself.
create function public.conversations_check_context()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.context_type = 'agency_inquiry'
     and not exists (select 1 from public.agencies a where a.id = new.context_id) then
    raise exception using
      errcode = 'foreign_key_violation',
      message = 'agency not found',
      detail = format('Key (context_id)=(%s) is not present in table "agencies".', new.context_id);
  end if;
  return new;
end;
$$;

revoke execute on function public.conversations_check_context() from public, anon, authenticated;

create trigger conversations_check_context
  before insert or update of context_type, context_id on public.conversations
  for each row execute function public.conversations_check_context();

-- Keep conversations.last_message_at at the newest message; greatest() ignores null and never moves it back.
create function public.messages_touch_conversation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.conversations c
  set last_message_at = greatest(c.last_message_at, new.created_at)
  where c.id = new.conversation_id;
  return null;
end;
$$;

revoke execute on function public.messages_touch_conversation() from public, anon, authenticated;

create trigger messages_touch_conversation
  after insert on public.messages
  for each row execute function public.messages_touch_conversation();

-- Participants: the creator, and for an agency inquiry every member of that agency.
create function public.is_conversation_participant(conversation_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.conversations c
    where c.id = is_conversation_participant.conversation_id
      and (
        c.created_by = (select auth.uid())
        or (c.context_type = 'agency_inquiry' and public.is_agency_member(c.context_id))
      )
  );
$$;

comment on function public.is_conversation_participant(uuid) is 'True when the calling user created the conversation or is a member of the agency it is addressed to.';

revoke execute on function public.is_conversation_participant(uuid) from public, anon;
grant execute on function public.is_conversation_participant(uuid) to authenticated, service_role;

create policy "conversations: participants read"
  on public.conversations for select
  to authenticated
  using (
    created_by = (select auth.uid())
    or (context_type = 'agency_inquiry' and public.is_agency_member(context_id))
  );

create policy "conversations: users start their own"
  on public.conversations for insert
  to authenticated
  with check (created_by = (select auth.uid()));

create policy "messages: participants read"
  on public.messages for select
  to authenticated
  using (public.is_conversation_participant(conversation_id));

create policy "messages: participants send as themselves"
  on public.messages for insert
  to authenticated
  with check (sender_id = (select auth.uid()) and public.is_conversation_participant(conversation_id));
