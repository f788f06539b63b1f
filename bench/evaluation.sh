#!/usr/bin/env bash
# One evaluation of a 10-SLI gate over an hour of ingested aggregates, end to end through the HTTP
# API (Prometheus not involved): an hour of OTLP spans for 10 operations on two tracks goes through
# an in-JVM Kafka broker into ingest on PostgreSQL, then the gate is evaluated RUNS times.
#
#   bench/evaluation.sh [runs=60]
#
# Needs PostgreSQL: TOLLGATE_TEST_POSTGRES_URL (default jdbc:postgresql://127.0.0.1:5432/postgres).
# Last line: evaluation slis=10 window_minutes=60 spans=<n> runs=<n> p50_ms=<n> p95_ms=<n> ...
set -euo pipefail
cd "$(dirname "$0")/.."
export TOLLGATE_TEST_POSTGRES_URL="${TOLLGATE_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}"
export TOLLGATE_TEST_REQUIRE="${TOLLGATE_TEST_REQUIRE:-kafka,postgres}"
cp_file=gate-service/target/bench.classpath
./mvnw -B -q -pl gate-service -am -DskipTests -Dspotless.check.skip=true test-compile \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >&2
CP="gate-service/target/test-classes:gate-service/target/classes:$(cat "$cp_file")"
for m in sli-rules ingest test-support cli; do CP="$CP:$m/target/classes"; done
timeout 600 java -Xmx1g -Dlogback.configurationFile="$PWD/gate-service/src/test/resources/logback-test.xml" \
  -cp "$CP" io.tollgate.gate.bench.EvaluationBench "${1:-60}" 2>&1 | grep -v -E '^\s*$'
