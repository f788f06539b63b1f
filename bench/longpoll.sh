#!/usr/bin/env bash
# Threads held by long-polls: the jar on PostgreSQL, an evaluation that stays pending, then
# CLIENTS concurrent long-polls (wait=WAIT) held open for HOLD seconds by wrk. Reads the JVM's live
# thread count (/metrics, jvm_threads_current) before and while they wait. Bounded: about 1 minute.
#
#   bench/longpoll.sh       (CLIENTS=1000 HOLD=30 WAIT=20s)
#
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres), wrk (apt-get install wrk).
# Last line: longpoll clients=<n> threads_before=<n> threads_during=<n> added=<n> completed=<n> errors=<n>
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${CLIENTS:-1000}
SECONDS_HELD=${HOLD:-30}
WAIT=${WAIT:-20s}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
ulimit -n 8192 2>/dev/null || true

. bench/lib.sh
# one token holds every poll here, so its long-poll cap is raised above CLIENTS
start_server tollgate_bench_longpoll -Dtollgate.evaluations.max-long-polls-per-token=$((CLIENTS + 100))
threads() { curl -fs "$base/metrics" | awk '/^jvm_threads_current /{print int($2)}'; }
pipeline=$(new_token pipeline)
pending=$(pending_evaluation "$pipeline")
# warm up the request path (and its thread pools) with a few polls, then settle
wrk -t2 -c20 -d3s --timeout 30s -H "Authorization: Bearer $pipeline" \
  "$base/api/v1/evaluations/$pending?wait=1s" >/dev/null || true
sleep 2
before=$(threads)
wrk -t2 -c"$CLIENTS" -d"${SECONDS_HELD}s" --timeout 70s \
  -H "Authorization: Bearer $pipeline" "$base/api/v1/evaluations/$pending?wait=$WAIT" > "$work/poll.txt" &
wrk_pid=$!
sleep $((SECONDS_HELD / 2))
during=$(threads)
open=$(ss -Htn state established "( sport = :$port )" | wc -l)
wait "$wrk_pid" || true
cat "$work/poll.txt" >&2
read -r completed errors < <(wrk_polls "$work/poll.txt")
echo "open connections to the server while waiting: $open" >&2
echo "longpoll clients=$CLIENTS threads_before=$before threads_during=$during added=$((during - before)) completed=$completed errors=$errors"
