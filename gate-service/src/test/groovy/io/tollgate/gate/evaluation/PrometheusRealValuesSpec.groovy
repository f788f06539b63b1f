package io.tollgate.gate.evaluation

import io.tollgate.rules.eval.Judge
import io.tollgate.rules.model.Gate
import io.tollgate.rules.model.Outcome
import io.tollgate.rules.model.PrometheusQuery
import io.tollgate.rules.observation.Measurement
import io.tollgate.rules.observation.Observations
import io.tollgate.rules.observation.SliObservation
import io.tollgate.rules.observation.WindowCounts
import io.tollgate.rules.parse.GateParser
import io.tollgate.testsupport.OpenMetrics
import io.tollgate.testsupport.PrometheusFixture
import java.time.Duration
import java.time.Instant
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * Prometheus errors/total values stay real numbers from a real Prometheus to the judge: a service
 * at 1 request/s with 0.05 errors/s has a 5 % error ratio by rate() and by increase(), not 0.
 */
class PrometheusRealValuesSpec extends Specification {
  static final long START = 1_700_000_000L
  static final int MINUTES = 130
  static final Instant END = Instant.ofEpochSecond(START + 120 * 60)

  static double[] cumulative(double perMinute) {
    (0..MINUTES).collect { it * perMinute } as double[]
  }

  @Shared @AutoCleanup PrometheusFixture prometheus = PrometheusFixture.start(
      new OpenMetrics()
          .counter('http_requests', [service: 'checkout', code: '200'], START, 60, cumulative(57))
          .counter('http_requests', [service: 'checkout', code: '500'], START, 60, cumulative(3))
          .text())

  @Shared PrometheusSource source = new PrometheusSource(
      prometheus.baseUri().toString(), null, null, null, Duration.ofSeconds(10), 2)

  static final String RATE_ERRORS = 'sum(rate(http_requests_total{service="$service",code="500"}[$window]))'
  static final String RATE_TOTAL = 'sum(rate(http_requests_total{service="$service"}[$window]))'
  static final String INCREASE_ERRORS = 'sum(increase(http_requests_total{service="$service",code="500"}[$window]))'
  static final String INCREASE_TOTAL = 'sum(increase(http_requests_total{service="$service"}[$window]))'

  static Gate gate(String errors, String total, String criteria) {
    def r = GateParser.parse('g.yaml', """\
apiVersion: tollgate.io/v1
kind: Gate
metadata: {name: g}
spec:
  slis:
    - name: availability
      source:
        prometheus:
          errors: '${errors}'
          total: '${total}'
      criteria:
${criteria}""")
    assert r.ok(): r.issues()
    r.gate().get()
  }

  Optional<Measurement> read(Gate g, Duration window) {
    def q = g.slis()[0].source() as PrometheusQuery
    def target = new Side(Side.TARGET, [service: 'checkout'])
    def request = new EvaluationRequest('g', null, null, null, [service: 'checkout'], null, null, null,
        null, null, null, null, null)
    def scope = new ObservationContext(g, request, END.minus(window), END,
        new ObservationContext.Sides(new Side(Side.CANARY, [:]), new Side(Side.BASELINE, [:]), target, false),
        null, [], null, Deadline.in(Duration.ofSeconds(30)), [:])
    source.read(q, target, scope, [:])
  }

  SliObservation observe(Gate g, Duration evaluation, List<Duration> budgetWindows) {
    def current = read(g, evaluation).get()
    def windows = budgetWindows.collect { w -> new WindowCounts(w, read(g, w).flatMap { it.counts() }.get()) }
    SliObservation.current(current).withWindows(windows)
  }

  void "#kind-based errors and total give the real error ratio, and a 1 % threshold fails"() {
    given:
    def g = gate(errors, total, '''\
        - absolute: {pass: "<= 0.01"}
          key: true
''')

    when:
    def m = read(g, Duration.ofMinutes(5)).get()
    def r = Judge.evaluate(g, Observations.of([availability: observe(g, Duration.ofMinutes(5), [])]))

    then:
    Math.abs(m.counts().get().errorRatio() - 0.05) < 1e-9
    Math.abs(m.counts().get().exactTotal() - expectedTotal) < 1e-6
    Math.abs(r.sli('availability').get().value().asDouble - 0.05) < 1e-9
    r.outcome() == Outcome.FAIL

    where:
    kind       | errors          | total          || expectedTotal
    'rate'     | RATE_ERRORS     | RATE_TOTAL     || 1
    'increase' | INCREASE_ERRORS | INCREASE_TOTAL || 300
  }

  void "burn rates from #kind queries read each window's own range and page at 50x"() {
    given:
    def g = gate(errors, total, '''\
        - budget:
            objective: 0.999
            window: 30d
            windows: [{long: 1h, short: 5m, share: 0.02}]
          key: true
''')

    when:
    def obs = observe(g, Duration.ofMinutes(5), [Duration.ofHours(1), Duration.ofMinutes(5)])
    def c = Judge.evaluate(g, Observations.of([availability: obs])).sli('availability').get().criteria()[0]

    then: '5 % errors burn a 99.9 % budget at 50x, above the 14.4 of 2 % of 30 days in 1 h'
    c.outcome() == Outcome.FAIL
    Math.abs(c.evidence().values()['burn 1h'] - 50) < 1e-6
    Math.abs(c.evidence().values()['burn 5m'] - 50) < 1e-6
    c.reason().contains('exceed 14.4')

    where:
    kind       | errors          | total
    'rate'     | RATE_ERRORS     | RATE_TOTAL
    'increase' | INCREASE_ERRORS | INCREASE_TOTAL
  }

  void "a proportion test on rate() values is inconclusive and says how to get counts"() {
    given:
    def g = gate(RATE_ERRORS, RATE_TOTAL, '''\
        - statistical: {test: sequential_proportion}
''')
    def m = read(g, Duration.ofMinutes(5)).get()

    when:
    def c = Judge.evaluate(g, Observations.of([availability: SliObservation.canaryVsBaseline(m, m)]))
        .sli('availability').get().criteria()[0]

    then:
    c.outcome() == Outcome.INCONCLUSIVE
    c.reason().contains('not whole counts')
    c.reason().contains('round(sum(increase(')
  }
}
