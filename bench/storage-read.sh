#!/usr/bin/env bash
# Read-path benchmark of telemetry-store on PostgreSQL: a fresh database gets 31 days of hour and day
# rollups and one day of minute aggregates (2 partitions) for 5 services x 10 operations x 2 tracks
# (SQL generate_series, a few seconds), the Compactor builds the last day's rollups, then a 30-day
# budget-window read and a 1-hour canary read are timed RUNS times each. The database is dropped at
# the end. Bounded: about a minute on a quiet machine.
#
#   bench/storage-read.sh [runs=200]
#
# Needs PostgreSQL: TOLLGATE_TEST_POSTGRES_URL (default jdbc:postgresql://127.0.0.1:5432/postgres).
# Last line: storage budget30d_p50_ms=<n> budget30d_p95_ms=<n> canary1h_p50_ms=<n> canary1h_p95_ms=<n> ...
set -euo pipefail
cd "$(dirname "$0")/.."
URL="${TOLLGATE_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}"
PGUSER_NAME="${TOLLGATE_TEST_POSTGRES_USER:-postgres}"
cp_file=telemetry-store/target/bench.classpath
./mvnw -B -q -pl telemetry-store -am -DskipTests -Dspotless.check.skip=true test-compile \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >&2
CP="telemetry-store/target/test-classes:telemetry-store/target/classes:$(cat "$cp_file")"
echo "load at start: $(uptime)"
out=$(timeout 300 java -Xmx512m -Dlogback.configurationFile="$PWD/telemetry-store/src/test/resources/logback-test.xml" \
  -cp "$CP" io.tollgate.telemetry.bench.StorageBench "$URL" "$PGUSER_NAME" "${1:-200}" 2>&1 | grep -v -E '^\s*$')
echo "$out" | sed '$d'
echo "load at end: $(uptime)"
echo "$out" | tail -1
