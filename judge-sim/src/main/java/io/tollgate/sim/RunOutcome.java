package io.tollgate.sim;

/**
 * How one simulated analysis ended for one judge.
 *
 * @param decision FAIL or PASS, or OPEN when the judge decided neither by the last interval
 * @param canaryRequests canary requests seen (in the first traffic stream) when it decided, or by
 *     the end
 */
record RunOutcome(Decision decision, long canaryRequests) {
  enum Decision {
    FAIL,
    PASS,
    OPEN
  }
}
