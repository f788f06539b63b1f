#!/usr/bin/env bash
# Measures how long `java -jar gate-service/target/tollgate.jar` takes, on embedded defaults in an
# empty directory, until /health answers 200. Bounded: 10 runs, 30 s each at most.
# Last line: startup median_ms=<n> max_ms=<n> runs=<n>
set -euo pipefail
cd "$(dirname "$0")/.."
jar="$PWD/gate-service/target/tollgate.jar"
[ -f "$jar" ] || ./mvnw -q -B package -DskipTests
runs=${RUNS:-10}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
times=()
for i in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  start=$(date +%s%N)
  (cd "$dir" && MICRONAUT_SERVER_HOST=127.0.0.1 MICRONAUT_SERVER_PORT=$port TOLLGATE_ADMIN_TOKEN=bench-admin-token-0123456789 \
     exec java -jar "$jar" >"$dir/out.log" 2>&1) &
  pid=$!
  ok=0
  for _ in $(seq 1 600); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port/health"; then ok=1; break; fi
    sleep 0.05
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
  [ "$ok" = 1 ] || { echo "run $i: no answer within 30 s" >&2; exit 1; }
  ms=$(( (end - start) / 1000000 ))
  echo "run $i: ${ms} ms"
  times+=("$ms")
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
median=${sorted[$(( ${#sorted[@]} / 2 ))]}
echo "startup median_ms=$median max_ms=${sorted[-1]} runs=$runs"
