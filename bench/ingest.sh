#!/usr/bin/env bash
# Ingest throughput: broker process on loopback, OTLP span requests (100 spans each) produced up
# front, a decode-only consumer as the ceiling, then ingest into PostgreSQL. Bounded in time.
#
#   bench/ingest.sh [requests=40000] [partitions=4]
#
# Needs PostgreSQL: TOLLGATE_TEST_POSTGRES_URL (default jdbc:postgresql://127.0.0.1:5432/postgres).
# Prints where ingest's time went (decode, aggregate, commits, GC) and the load average at start
# and end (the machine may be shared). The summary line is:
#   ingest spans_per_s=<n> decode_only_spans_per_s=<n> ratio=<r> heap_max_mb=<n>
set -euo pipefail
cd "$(dirname "$0")/.."
export TOLLGATE_TEST_POSTGRES_URL="${TOLLGATE_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}"
export TOLLGATE_TEST_REQUIRE="${TOLLGATE_TEST_REQUIRE:-kafka,postgres}"
HEAP_MB="${HEAP_MB:-512}"

cp_file=ingest/target/bench.classpath
./mvnw -B -q -pl test-support,telemetry-store,ingest -DskipTests -Dspotless.check.skip=true test-compile \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >&2
CP="ingest/target/test-classes:ingest/target/classes:telemetry-store/target/classes:test-support/target/classes:$(cat "$cp_file")"

echo "start: $(uptime)"
timeout 600 java -Xms"${HEAP_MB}"m -Xmx"${HEAP_MB}"m -XX:+UseParallelGC ${JAVA_OPTS:-} \
  -Dlogback.configurationFile="$PWD/ingest/src/test/resources/logback-test.xml" \
  -cp "$CP" io.tollgate.ingest.bench.IngestBench "${1:-40000}" "${2:-4}" 2>&1 \
  | grep -v -E '^\s*$' | grep -v -E ' (DEBUG|TRACE) '
