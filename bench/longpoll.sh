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

jar=gate-service/target/tollgate.jar
[ -f "$jar" ] || ./mvnw -q -B package -DskipTests -Dspotless.check.skip=true
db=tollgate_bench_longpoll
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
admin=bench-admin-token-0123456789
base=http://127.0.0.1:$port
work=$(mktemp -d)
# one token holds every poll here, so its long-poll cap is raised above CLIENTS
TOLLGATE_DB_URL=jdbc:postgresql://127.0.0.1:5432/$db TOLLGATE_DB_USER=postgres \
  MICRONAUT_SERVER_HOST=127.0.0.1 MICRONAUT_SERVER_PORT=$port TOLLGATE_ADMIN_TOKEN=$admin \
  TOLLGATE_LOG_LEVEL=WARN java -Xmx512m \
  -Dtollgate.evaluations.max-long-polls-per-token=$((CLIENTS + 100)) \
  -jar "$PWD/$jar" >"$work/server.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done; \
  kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; \
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; }
trap cleanup EXIT
for _ in $(seq 1 120); do curl -fs -o /dev/null "$base/health" && break; sleep 0.5; done
curl -fs -o /dev/null "$base/health" || { cat "$work/server.log" >&2; exit 1; }

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
threads() { curl -fs "$base/metrics" | awk '/^jvm_threads_current /{print int($2)}'; }
pipeline=$(curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"name":"bench-pipeline","role":"pipeline"}' "$base/api/v1/tokens" | json "['token']")
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
read -r completed errors < <(python3 - "$work/poll.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
n = int(re.search(r"(\d+) requests in", t).group(1))
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
errors = sum(int(x) for x in m.groups()) if m else 0
m2 = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
errors += int(m2.group(1)) if m2 else 0
print(n, errors)
PY
)
echo "open connections to the server while waiting: $open" >&2
echo "longpoll clients=$CLIENTS threads_before=$before threads_during=$during added=$((during - before)) completed=$completed errors=$errors"
