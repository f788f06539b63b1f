package io.tollgate.rules.eval

import io.tollgate.rules.model.Gate
import io.tollgate.rules.model.Outcome
import io.tollgate.rules.observation.Observations
import io.tollgate.rules.observation.SliObservation
import org.hipparchus.random.Well19937c
import spock.lang.Specification

/**
 * Small, fixed-seed simulations of the latency tests on clustered traffic: 20 intervals of 30 s,
 * 1,000 requests per side per interval (an equal split of 2,000), log-normal latency (median 100
 * ms, sigma 0.5) times a per-interval, per-side noise of 5 % (clusterSd 0.05). The judge sees every
 * interval, so a sequential test's first crossing over the interval sequence is what a continuous
 * evaluation checking every 30 s would have decided; fixed-sample tests are judged once at the end.
 */
class ClusteredLatencySimulationSpec extends Specification {

  static final int RUNS = 200

  static Gate gate(String criterion) {
    JudgeSpec.gate("""\
      unit: ms
      source: {traces: {service: \$service, measure: latency, quantile: 0.99}}
      criteria:
        - statistical: ${criterion}
          key: true
""")
  }

  /** Fail rates of each gate on the same simulated runs; "totals:" gates see no intervals. */
  static Map<String, Double> failRates(Map<String, Gate> gates, long seed, double factor, double sigmaFactor) {
    def sim = new LatencySim(new Well19937c(seed), 20, 1000, 0.05)
    Map<String, Integer> fails = gates.collectEntries { [it.key, 0] }
    RUNS.times {
      SliObservation run = sim.run(factor, sigmaFactor)
      gates.each { name, g ->
        def o = name.startsWith('totals:') ? LatencySim.totals(run) : run
        if (Judge.evaluate(g, Observations.of([s: o])).sli('s').get().outcome() == Outcome.FAIL) {
          fails[name]++
        }
      }
    }
    fails.collectEntries { [it.key, it.value / RUNS as double] }
  }

  void "with intervals as the unit, identical canaries fail at most 5 % of the time"() {
    when:
    def r = failRates([
        'totals: mann_whitney'  : gate('{test: mann_whitney, minEffect: 0}'),
        'mann_whitney'          : gate('{test: mann_whitney, minEffect: 0}'),
        'sequential p50'        : gate('{test: sequential_quantile, quantile: 0.5}'),
        'sequential p99'        : gate('{test: sequential_quantile}'),
        'quantile p99'          : gate('{test: quantile, quantile: 0.99}'),
        'totals: quantile p99'  : gate('{test: quantile, quantile: 0.99}')], 11, 1, 1)
    println "A/A fail rate, clusterSd 0.05, $RUNS runs: $r"

    then: 'requests treated as independent fail far too often; blocks keep the error rate'
    r['totals: mann_whitney'] > 0.1
    r['mann_whitney'] <= 0.05
    r['sequential p50'] <= 0.05
    r['sequential p99'] <= 0.05
    r['quantile p99'] <= 0.05
  }

  void "a constant 2 % latency offset does not fail with the default minEffect"() {
    when:
    def r = failRates([
        'sequential p50': gate('{test: sequential_quantile, quantile: 0.5}'),
        'sequential p99': gate('{test: sequential_quantile}'),
        'mann_whitney'  : gate('{test: mann_whitney}'),
        'quantile p50'  : gate('{test: quantile, quantile: 0.5}')], 21, 1.02, 1)
    println "2 % offset fail rate, $RUNS runs: $r"

    then:
    r.values().every { it <= 0.05 }
  }

  void "a +10 % p99 with the median unchanged is detected by sequential_quantile"() {
    when: 'sigma x 1.082 moves the p99 up 10 % and leaves the median'
    def r = failRates(['sequential p99': gate('{test: sequential_quantile}')], 31, 1, 1.082)
    println "+10 % p99 detected within 20,000 canary requests, $RUNS runs: $r"

    then:
    r['sequential p99'] >= 0.5
  }
}
