# Shared by the API benchmarks (source it): the jar on a fresh PostgreSQL database on loopback,
# stopped by pid and the database dropped on exit; tokens; wrk output parsing.
#
#   start_server DB [java options...]   sets base, port, pid, work, admin; waits for /health
#   new_token ROLE                      prints a new API token of that role
#   json EXPR                           reads JSON on stdin, prints EXPR of it (python syntax)
#   wrk_polls FILE                      prints "<requests> <errors>" of a wrk run
#   pending_evaluation TOKEN            a continuous evaluation that stays pending (no telemetry)

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

start_server() {
  local db=$1
  shift
  local jar=gate-service/target/tollgate.jar
  [ -f "$jar" ] || ./mvnw -q -B package -DskipTests -Dspotless.check.skip=true
  bench_db=$db
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  admin=bench-admin-token-0123456789
  base=http://127.0.0.1:$port
  work=$(mktemp -d)
  TOLLGATE_DB_URL=jdbc:postgresql://127.0.0.1:5432/$db TOLLGATE_DB_USER=postgres TOLLGATE_DB_POOL_SIZE=20 \
    MICRONAUT_SERVER_HOST=127.0.0.1 MICRONAUT_SERVER_PORT=$port TOLLGATE_ADMIN_TOKEN=$admin \
    TOLLGATE_LOG_LEVEL=WARN java -Xmx512m "$@" -jar "$PWD/$jar" >"$work/server.log" 2>&1 &
  pid=$!
  trap stop_server EXIT
  for _ in $(seq 1 120); do curl -fs -o /dev/null "$base/health" && break; sleep 0.5; done
  curl -fs -o /dev/null "$base/health" || { cat "$work/server.log" >&2; exit 1; }
}

stop_server() {
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $bench_db WITH (FORCE)" >/dev/null 2>&1 || true
}

new_token() {
  curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench-$1-$RANDOM\",\"role\":\"$1\"}" "$base/api/v1/tokens" | json "['token']"
}

pending_evaluation() {
  cat > "$work/pending-gate.yaml" <<'YAML'
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
    --data-binary @"$work/pending-gate.yaml" "$base/api/v1/gates"
  curl -fs -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    -d '{"gate":"bench-longpoll","target":{"service":"nobody"},"continuous":{"interval":"30s","maxDuration":"10m"}}' \
    "$base/api/v1/evaluations" | json "['id']"
}

wrk_polls() {
  python3 - "$1" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
n = int(re.search(r"(\d+) requests in", t).group(1))
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
errors = sum(int(x) for x in m.groups()) if m else 0
m2 = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
errors += int(m2.group(1)) if m2 else 0
print(n, errors)
PY
}
