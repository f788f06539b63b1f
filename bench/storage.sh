#!/usr/bin/env bash
# Storage at the issue's scale, on a fresh PostgreSQL database (dropped at the end): DAYS (14) of
# minute aggregates for 20 services x 10 operations x 2 tracks and SIGNATURES (100,000) failure
# signatures loaded through the ingest writer, 90 days of rollups, then timed: a 10-SLI production
# gate with a 30-day error budget end to end over HTTP, filtered scenario catalog pages, and one
# retention pass over a day of minutes while a writer commits ingest batches.
# Bounded: about 15-25 minutes on a quiet 2-core machine, most of it the load.
#
#   bench/storage.sh [days=14] [signatures=100000] [runs=100]
#
# Needs PostgreSQL: TOLLGATE_TEST_POSTGRES_URL (default jdbc:postgresql://127.0.0.1:5432/postgres).
# Last line: storage eval_p95_ms=<n> catalog_p95_ms=<n> retention_day_s=<n> max_commit_stall_ms=<n>
set -euo pipefail
cd "$(dirname "$0")/.."
export TOLLGATE_TEST_POSTGRES_URL="${TOLLGATE_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}"
export TOLLGATE_TEST_REQUIRE="${TOLLGATE_TEST_REQUIRE:-postgres}"
cp_file=gate-service/target/bench.classpath
./mvnw -B -q -pl gate-service -am -DskipTests -Dspotless.check.skip=true test-compile \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >&2
CP="gate-service/target/test-classes:gate-service/target/classes:$(cat "$cp_file")"
for m in sli-rules ingest telemetry-store test-support cli; do CP="$CP:$m/target/classes"; done
echo "load at start: $(uptime)"
out=$(timeout 3600 java -Xmx2g -Dlogback.configurationFile="$PWD/gate-service/src/test/resources/logback-test.xml" \
  -cp "$CP" io.tollgate.gate.bench.StorageScaleBench "${1:-14}" "${2:-100000}" "${3:-100}" 2>&1 | grep -v -E '^\s*$')
echo "$out" | sed '$d'
echo "load at end: $(uptime)"
echo "$out" | tail -1
