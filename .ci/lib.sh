# Shared by .ci/run and the scenario scripts beside it (sourced, not run).
SERVER_URL="postgresql://postgres:postgres@127.0.0.1:5432"

# One cleanup list, run in reverse order on exit by the single trap that .ci/run and each scenario set.
cleanups=()
on_exit() { cleanups+=("$1"); }
run_cleanups() {
  local i
  for ((i = ${#cleanups[@]} - 1; i >= 0; i--)); do eval "${cleanups[$i]}" || true; done
}
trap run_cleanups EXIT

# `npm run stack` started with setsid runs in its own process group: stopping the group stops npm, node and
# PostgREST alike (npm does not pass SIGTERM on).
stack_pid=""
start_stack() { # start_stack <stdout file> <stderr file> [env assignments…]
  local out=$1 err=$2
  shift 2
  env "$@" setsid npm run --silent stack >"$out" 2>"$err" &
  stack_pid=$!
  until grep -q '^API_URL=' "$out"; do
    kill -0 "$stack_pid" 2>/dev/null || { cat "$err"; echo "npm run stack stopped before printing its settings" >&2; return 1; }
    sleep 0.5
  done
}
# Stopping: SIGTERM to the stack's own process (recorded in its data directory), so that it stops PostgREST and
# removes its pid file before npm exits; the whole group only if it is still there after 30 s.
stop_stack() {
  [ -n "$stack_pid" ] || return 0
  local own i
  own=$(sed -n 's/^{"pid":\([0-9]*\),.*/\1/p' .supabase-local/stack.pid 2>/dev/null)
  kill -TERM "${own:-$stack_pid}" 2>/dev/null || true
  for i in $(seq 1 60); do kill -0 "$stack_pid" 2>/dev/null || break; sleep 0.5; done
  kill -TERM -- "-$stack_pid" 2>/dev/null || true
  wait "$stack_pid" 2>/dev/null || true
  stack_pid=""
}
