#!/usr/bin/env bash
# API throughput on loopback: the jar on PostgreSQL, wrk reading a stored decision with a token,
# and in the same run a trivial authenticated endpoint (/api/v1/whoami) of the same server as the
# ceiling; then 200 concurrent long-polling clients for 60 s. Bounded: about 2.5 minutes.
#
#   bench/api.sh            (DURATION=20 CONNECTIONS=32 LONGPOLL_CLIENTS=200 LONGPOLL_SECONDS=60)
#
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres), wrk (apt-get install wrk).
# Last line: api decisions_per_s=<n> p99_ms=<n> ceiling_per_s=<n> ratio=<r>
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-32}
LONGPOLL_CLIENTS=${LONGPOLL_CLIENTS:-200}
LONGPOLL_SECONDS=${LONGPOLL_SECONDS:-60}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

. bench/lib.sh
start_server tollgate_bench_api -Dtollgate.evaluations.max-long-polls-per-token=$((LONGPOLL_CLIENTS + 100))
pipeline=$(new_token pipeline)
curl -fs -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/yaml' \
  --data-binary @docs/examples/testrun-gate.yaml "$base/api/v1/gates"
run=$(curl -fs -H "Authorization: Bearer $pipeline" -H 'Content-Type: application/xml' \
  --data-binary @gate-service/src/test/resources/testrun/surefire-rerun.xml \
  "$base/api/v1/test-runs?service=shop&suite=bench" | json "['run']['id']")
evaluation=$(curl -fs -H "Authorization: Bearer $pipeline" -H 'Content-Type: application/json' \
  -d "{\"gate\":\"nightly-load-test\",\"testRuns\":[$run]}" \
  "$base/api/v1/evaluations?wait=30s" | json "['id']")
decision=$(curl -fs -H "Authorization: Bearer $pipeline" "$base/api/v1/evaluations/$evaluation" | json "['decision']")
echo "stored decision: evaluation $evaluation is $decision" >&2

measure() { # url -> "<requests/s> <p99 ms> <errors>"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $pipeline" "$1" \
    > "$work/wrk.txt"
  cat "$work/wrk.txt" >&2
  python3 - "$work/wrk.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", t)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
errors = sum(int(x) for x in re.findall(r"(?:Non-2xx or 3xx responses|Socket errors:.*?timeout)\s*:?\s*(\d+)", t))
print(f"{rps:.0f} {p99:.2f} {errors}")
PY
}
# warm up both paths, then measure them back to back
wrk -t2 -c8 -d5s -H "Authorization: Bearer $pipeline" "$base/api/v1/evaluations/$evaluation" >/dev/null
wrk -t2 -c8 -d5s -H "Authorization: Bearer $pipeline" "$base/api/v1/whoami" >/dev/null
read -r dps dp99 derr < <(measure "$base/api/v1/evaluations/$evaluation")
read -r cps cp99 cerr < <(measure "$base/api/v1/whoami")

# 200 clients long-polling an evaluation that stays pending (no telemetry) for the whole period
pending=$(pending_evaluation "$pipeline")
wrk -t2 -c"$LONGPOLL_CLIENTS" -d"${LONGPOLL_SECONDS}s" --timeout 70s \
  -H "Authorization: Bearer $pipeline" "$base/api/v1/evaluations/$pending?wait=20s" > "$work/poll.txt" || true
cat "$work/poll.txt" >&2
read -r prps perr < <(wrk_polls "$work/poll.txt")
echo "longpoll clients=$LONGPOLL_CLIENTS seconds=$LONGPOLL_SECONDS completed_polls=$prps errors=$perr"
[ "$derr" = 0 ] && [ "$cerr" = 0 ] || echo "warning: errors during the throughput runs ($derr, $cerr)" >&2
ratio=$(python3 -c "print(f'{$dps/$cps:.2f}')")
echo "api decisions_per_s=$dps p99_ms=$dp99 ceiling_per_s=$cps ratio=$ratio"
