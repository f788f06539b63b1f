#!/usr/bin/env bash
# Simulates canary analysis and prints, as its last line:
#   judge-sim aa_false_fail=<rate> detect_n80=<requests>
# Arguments (optional, positional): runs step horizon baseRate requestsPerMinute seed budgetSeconds
# Bounded: the simulator stops its phases within budgetSeconds (default 600), and the whole
# script is killed after 20 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
timeout 1200 ./mvnw -q -B -pl sli-rules -Pbench test-compile exec:exec@judge-sim \
  -Djudge.sim.args="$*" -Dgmavenplus.skip=false
