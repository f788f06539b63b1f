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

jar=gate-service/target/tollgate.jar
[ -f "$jar" ] || ./mvnw -q -B package -DskipTests -Dspotless.check.skip=true
db=tollgate_bench_api
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
admin=bench-admin-token-0123456789
base=http://127.0.0.1:$port
work=$(mktemp -d)
TOLLGATE_DB_URL=jdbc:postgresql://127.0.0.1:5432/$db TOLLGATE_DB_USER=postgres TOLLGATE_DB_POOL_SIZE=20 \
  MICRONAUT_SERVER_HOST=127.0.0.1 MICRONAUT_SERVER_PORT=$port TOLLGATE_ADMIN_TOKEN=$admin \
  TOLLGATE_LOG_LEVEL=WARN java -Xmx512m \
  -Dtollgate.evaluations.max-long-polls-per-token=$((LONGPOLL_CLIENTS + 100)) \
  -jar "$PWD/$jar" >"$work/server.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done; \
  kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; \
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; }
trap cleanup EXIT
for _ in $(seq 1 120); do curl -fs -o /dev/null "$base/health" && break; sleep 0.5; done
curl -fs -o /dev/null "$base/health" || { cat "$work/server.log" >&2; exit 1; }

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
token() { curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"name\":\"bench-$1\",\"role\":\"$1\"}" "$base/api/v1/tokens" | json "['token']"; }
pipeline=$(token pipeline)
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
cat > "$work/gate.yaml" <<'YAML'
apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: bench-longpoll
spec:
  slis:
    - name: errors
      source:
        traces:
          service: $service
          measure: error_ratio
      criteria:
        - absolute:
            pass: "< 0.01"
YAML
curl -fs -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/yaml' \
  --data-binary @"$work/gate.yaml" "$base/api/v1/gates"
pending=$(curl -fs -H "Authorization: Bearer $pipeline" -H 'Content-Type: application/json' \
  -d '{"gate":"bench-longpoll","target":{"service":"nobody"},"continuous":{"interval":"30s","maxDuration":"10m"}}' \
  "$base/api/v1/evaluations" | json "['id']")
wrk -t2 -c"$LONGPOLL_CLIENTS" -d"${LONGPOLL_SECONDS}s" --timeout 70s \
  -H "Authorization: Bearer $pipeline" "$base/api/v1/evaluations/$pending?wait=20s" > "$work/poll.txt" || true
cat "$work/poll.txt" >&2
read -r prps pp99 perr < <(python3 - "$work/poll.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
n = int(re.search(r"(\d+) requests in", t).group(1))
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
errors = sum(int(x) for x in m.groups()) if m else 0
m2 = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
errors += int(m2.group(1)) if m2 else 0
print(n, 0, errors)
PY
)
echo "longpoll clients=$LONGPOLL_CLIENTS seconds=$LONGPOLL_SECONDS completed_polls=$prps errors=$perr"
[ "$derr" = 0 ] && [ "$cerr" = 0 ] || echo "warning: errors during the throughput runs ($derr, $cerr)" >&2
ratio=$(python3 -c "print(f'{$dps/$cps:.2f}')")
echo "api decisions_per_s=$dps p99_ms=$dp99 ceiling_per_s=$cps ratio=$ratio"
