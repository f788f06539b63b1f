package io.tollgate.rules.eval

import com.datadoghq.sketch.ddsketch.DDSketch
import com.datadoghq.sketch.ddsketch.DDSketches
import io.tollgate.rules.model.Outcome
import io.tollgate.rules.observation.Histogram
import io.tollgate.rules.observation.Measurement
import io.tollgate.rules.observation.Observations
import io.tollgate.rules.observation.Samples
import io.tollgate.rules.observation.SliObservation
import io.tollgate.rules.observation.Sketch
import io.tollgate.rules.stats.RankTest
import org.hipparchus.random.Well19937c
import spock.lang.Shared
import spock.lang.Specification

class DistributionJudgeSpec extends Specification {

  @Shared def rng = new Well19937c(2024)

  static gate(String criterion) {
    JudgeSpec.gate("""\
      unit: ms
      source: {traces: {service: \$service, measure: latency, quantile: 0.99}}
      criteria:
        - ${criterion}
          key: true
""")
  }

  double[] latencies(int n, double median) {
    (1..n).collect { Math.round(median * Math.exp(0.5 * rng.nextGaussian())) as double } as double[]
  }

  static Sketch sketch(double[] values, double accuracy = 0.01) {
    def s = DDSketches.unboundedDense(accuracy)
    values.each { s.accept(it) }
    new Sketch(s)
  }

  void "Mann-Whitney on sketches agrees with the test on the raw samples"() {
    given:
    def canary = latencies(5000, 104)
    def baseline = latencies(5000, 100)

    when:
    def raw = RankTest.test(new Samples(canary).bins(), new Samples(baseline).bins())
    def binned = RankTest.test(sketch(canary).bins(), sketch(baseline).bins())

    then: '1% bins only add ties: the p-values stay close'
    raw.pGreater() < 0.01
    Math.abs(Math.log10(binned.pGreater()) - Math.log10(raw.pGreater())) < 0.5
    Math.abs(binned.superiority() - raw.superiority()) < 0.005
  }

  void "a slower canary fails the rank test and an equal one passes, for every input form"() {
    given:
    def g = gate('statistical: {test: mann_whitney, minSamples: 500, minEffect: 0.02}')
    def canary = latencies(3000, canaryMedian)
    def baseline = latencies(3000, 100)
    def obs = Observations.of([s: SliObservation.canaryVsBaseline(
        Measurement.ofDistribution(form(canary)), Measurement.ofDistribution(form(baseline)))])

    expect:
    Judge.evaluate(g, obs).outcome() == outcome

    where:
    [canaryMedian, outcome, form] << [
        [[130, Outcome.FAIL], [100, Outcome.PASS]],
        [{ double[] v -> new Samples(v) }, { double[] v -> sketch(v) }]
    ].combinations().collect { [it[0][0], it[0][1], it[1]] }
  }

  void "distributions that cannot be compared are an error, not a pass"() {
    given:
    def g = gate('statistical: {test: mann_whitney, minSamples: 20}')
    def a = new Histogram([10, 100] as double[], [5, 50, 5] as long[])
    def b = new Histogram([10, 200] as double[], [5, 50, 5] as long[])

    when:
    def r = Judge.evaluate(g, Observations.of([s: SliObservation.canaryVsBaseline(
        Measurement.ofDistribution(a), Measurement.ofDistribution(b))]))

    then:
    r.outcome() == Outcome.ERROR
    r.sli('s').get().criteria()[0].reason().contains('not comparable')
  }

  void "the quantile test fails a canary whose p99 interval lies above the baseline's"() {
    given:
    def g = gate('statistical: {test: quantile, quantile: 0.99, minSamples: 2000}')
    double[] slowTail = (latencies(5000, 100).toList() + (1..100).collect { 2000d }) as double[]

    expect:
    Judge.evaluate(g, Observations.of([s: SliObservation.canaryVsBaseline(
        Measurement.ofSamples(canary ? slowTail : latencies(5100, 100)),
        Measurement.ofSamples(latencies(5100, 100)))])).outcome() == outcome

    where:
    canary || outcome
    true   || Outcome.FAIL
    false  || Outcome.PASS
  }

  void "not significantly worse is not a pass: too little data is inconclusive with the samples needed"() {
    given:
    def g = gate("statistical: {test: ${test}, minSamples: 60, quantile: 0.5}")
    def obs = Observations.of([s: SliObservation.canaryVsBaseline(
        Measurement.ofSamples(latencies(150, 100)), Measurement.ofSamples(latencies(150, 100)))])

    when:
    def c = Judge.evaluate(g, obs).sli('s').get().criteria()[0]

    then:
    c.outcome() == Outcome.INCONCLUSIVE
    c.reason().contains('ruled out')
    c.evidence().samplesNeeded().present == c.reason().contains('more samples per side may rule out')
    !c.evidence().samplesNeeded().present || c.evidence().samplesNeeded().asLong > 0

    where:
    test << ['mann_whitney', 'quantile']
  }
}
