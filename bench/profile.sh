#!/usr/bin/env bash
# Traffic profile and k6 export of a service with 20 operations over 7 days of aggregates, through
# the HTTP API on a fresh PostgreSQL database: 7 days of minutes for 20 operations on two versions
# (about 400,000 rows) are written through the telemetry-store writer, the Compactor builds the hour
# and day rollups, then GET .../traffic-profile?window=7d and GET .../k6-script are timed RUNS times
# each. The database is dropped at the end. Bounded: a few minutes on a quiet machine, 10 at most.
#
#   bench/profile.sh [runs=30]
#
# Needs PostgreSQL: TOLLGATE_TEST_POSTGRES_URL (default jdbc:postgresql://127.0.0.1:5432/postgres).
# Last line: profile operations=20 days=7 minute_rows=<n> runs=<n> profile_p50_ms=<n> profile_p95_ms=<n> k6_p50_ms=<n> k6_p95_ms=<n>
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
out=$(timeout 600 java -Xmx1g -Dlogback.configurationFile="$PWD/gate-service/src/test/resources/logback-test.xml" \
  -cp "$CP" io.tollgate.gate.bench.ProfileBench "${1:-30}" 2>&1 | grep -v -E '^\s*$')
echo "$out" | sed '$d'
echo "load at end: $(uptime)"
echo "$out" | tail -1
