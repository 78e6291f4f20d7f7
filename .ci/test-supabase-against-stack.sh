#!/usr/bin/env bash
# As a user would: start a Supabase (`npm run stack`, on a fresh PostgreSQL database), paste the settings it prints
# into the shell and run `npm run test:supabase` against it. The run must leave no rows behind. Then, without the
# settings and without a Supabase for `supabase status` to find: one plain message and exit status 1.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

db="ci_supabase_$(date +%s)_$$"
psql "$SERVER_URL/postgres" -qc "create database $db"
on_exit "psql '$SERVER_URL/postgres' -qc 'drop database if exists $db with (force)' >/dev/null 2>&1"
out=$(mktemp) err=$(mktemp)
on_exit "rm -f '$out' '$err'"
on_exit 'stop_stack'
start_stack "$out" "$err" DATABASE_URL="$SERVER_URL/$db"
settings=$(grep -E '^[A-Z][A-Z0-9_]*=' "$out")
echo "$settings"

count_rows() {
  psql "$SERVER_URL/$db" -Atc "select (select count(*) from auth.users), (select count(*) from public.agencies),
    (select count(*) from public.conversations), (select count(*) from public.messages),
    (select count(*) from pg_extension where extname = 'pgtap'), (select count(*) from pg_namespace where nspname = 'tests')"
}
before=$(count_rows)
(set -a && eval "$settings" && npm run test:supabase)
after=$(count_rows)
what="users|agencies|conversations|messages|pgtap|tests schema"
[ "$before" = "$after" ] || { echo "test:supabase left rows behind: $what $before -> $after" >&2; exit 1; }
echo "rows before and after the run ($what): $after"
stop_stack

if refusal=$(env -u API_URL -u DB_URL npm run -s test:supabase 2>&1); then echo "test:supabase ran without a Supabase" >&2; exit 1; fi
grep -q '^test:supabase: API_URL and DB_URL are not set and `supabase status -o env` failed' <<<"$refusal" || { echo "$refusal" >&2; exit 1; }
