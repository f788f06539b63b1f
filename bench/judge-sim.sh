#!/usr/bin/env bash
# Simulates canary analyses and judges them with the real judge (and, on the same traffic, a
# Kayenta-style and an Argo-style judge). Usage:
#   bench/judge-sim.sh --scenario FILE...     # each scenario file (see bench/scenarios/)
#   bench/judge-sim.sh                        # every file in bench/scenarios/
#   bench/judge-sim.sh --gate GATE [--scenario FILE...]   # the scenarios judged with another gate
# Prints, per file, the peer judges' lines and then Tollgate's, so the last line is the last file's:
#   judge-sim scenario=<name> runs=<n> fail_rate=<r> pass_rate=<r> detect_n50=<canary requests> detect_n80=<canary requests>
# Notes (SLIs left out, median decision, wall time) go to stderr. JUDGE_SIM_THREADS (default 2)
# sets the threads; the figures do not depend on it. Bounded: killed after JUDGE_SIM_TIMEOUT
# seconds (default 900).
set -euo pipefail
cd "$(dirname "$0")/.."
args=""
if [[ $# -ge 2 && "$1" == "--gate" ]]; then
  args="--gate $(realpath "$2")"
  shift 2
fi
if [[ $# -gt 0 && "$1" != "--scenario" ]]; then
  echo "usage: bench/judge-sim.sh [--gate GATE] [--scenario FILE...]" >&2
  exit 2
fi
files=()
if [[ $# -eq 0 ]]; then
  files=(bench/scenarios/*.yaml)
else
  shift
  for f in "$@"; do files+=("$(realpath "$f")"); done
fi
args+=" --scenario"
for f in "${files[@]}"; do args+=" $(realpath "$f")"; done
timeout "${JUDGE_SIM_TIMEOUT:-900}" ./mvnw -q -B ${MVN_OFFLINE:+-o} -pl judge-sim -am -DskipTests \
  -Dspotless.check.skip=true -Dexec.skip=true -Dexec.executable=java \
  -Djudge.sim.threads="${JUDGE_SIM_THREADS:-2}" -Djudge.sim.args="$args" \
  package org.codehaus.mojo:exec-maven-plugin:exec@judge-sim
