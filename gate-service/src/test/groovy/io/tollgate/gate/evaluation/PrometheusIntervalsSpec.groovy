package io.tollgate.gate.evaluation

import io.tollgate.rules.eval.Judge
import io.tollgate.rules.eval.JudgeOptions
import io.tollgate.rules.model.Gate
import io.tollgate.rules.model.PrometheusQuery
import io.tollgate.rules.observation.Observations
import io.tollgate.rules.observation.SliObservation
import io.tollgate.rules.parse.GateParser
import io.tollgate.testsupport.OpenMetrics
import io.tollgate.testsupport.PrometheusFixture
import java.time.Duration
import java.time.Instant
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * Prometheus errors/total SLIs reach the judge interval by interval, from a real Prometheus: a
 * 10 % → 50 % canary ramp, both sides at 5 % errors, scraped every 15 s.
 */
class PrometheusIntervalsSpec extends Specification {
  static final long START = 1_699_999_920L // a multiple of two minutes: intervals are aligned on the epoch
  static final int MINUTES = 25
  static final Instant FROM = Instant.ofEpochSecond(START)
  static final Instant TO = FROM.plus(Duration.ofMinutes(20))

  /** Requests per minute: the canary ramps from 10 % to 50 % of 300 requests at minute 10. */
  static double canaryTotal(int minute) { minute < 10 ? 30 : 150 }

  static double baselineTotal(int minute) { minute < 10 ? 270 : 150 }

  /** A counter sampled every 15 s, rising by {@code perMinute(m)} in minute m. */
  static double[] cumulative(Closure<Double> perMinute) {
    double sum = 0
    def out = [0d]
    for (int k = 0; k < MINUTES * 4; k++) {
      sum += perMinute(k.intdiv(4) as int) / 4
      out << sum
    }
    out as double[]
  }

  static OpenMetrics side(OpenMetrics om, String track, Closure<Double> total) {
    om.counter('http_requests', [service: 'checkout', track: track, code: '200'], START, 15,
        cumulative { m -> total(m) * 0.95 })
        .counter('http_requests', [service: 'checkout', track: track, code: '500'], START, 15,
            cumulative { m -> total(m) * 0.05 })
  }

  @Shared @AutoCleanup PrometheusFixture prometheus = PrometheusFixture.start(
      side(side(new OpenMetrics(), 'canary', this.&canaryTotal), 'baseline', this.&baselineTotal).text())

  @Shared PrometheusSource source = new PrometheusSource(
      prometheus.baseUri().toString(), null, null, null, Duration.ofSeconds(10), 2)

  static String query(String fn, String errors, String window = '$window') {
    "sum(${fn}(http_requests_total{service=\"\$service\",track=\"\$track\"${errors}}[${window}]))"
  }

  static Gate gate(String errors, String total, String criteria = '') {
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
${criteria}""")
    assert r.ok(): r.issues()
    r.gate().get()
  }

  SliObservation observe(Gate g, String interval = null) {
    def canary = [service: 'checkout', track: 'canary']
    def baseline = [service: 'checkout', track: 'baseline']
    def continuous = interval == null ? null : new EvaluationRequest.Continuous(interval, '1h', null)
    def request = new EvaluationRequest('g', null, canary, baseline, null, FROM, TO, null,
        continuous, null, null, null, null)
    def context = new ObservationContext(g, request, FROM, TO, ObservationContext.Sides.of(request),
        null, [], null, Deadline.in(Duration.ofSeconds(30)), [:])
    source.observe(g.slis()[0].source() as PrometheusQuery, g.slis()[0], context)
  }

  void "#fn queries give each minute's real errors and total for canary and baseline"() {
    given:
    def g = gate(query(fn, ',code="500"'), query(fn, ''))

    when:
    def o = observe(g)
    def canary = o.canary().get().intervals()
    def baseline = o.baseline().get().intervals()

    then: 'twenty one-minute intervals, aligned on both sides'
    canary*.start() == (0..<20).collect { FROM.plus(Duration.ofMinutes(it)) }
    baseline*.start() == canary*.start()

    and: 'each interval holds that minute’s values, unrounded (1.5 errors of 30 stays 1.5)'
    (0..<20).every { m ->
      def c = canary[m].counts().get()
      def b = baseline[m].counts().get()
      Math.abs(c.exactTotal() - canaryTotal(m) / perMinute) < 1e-6 &&
          Math.abs(c.exactErrors() - canaryTotal(m) * 0.05 / perMinute) < 1e-6 &&
          Math.abs(b.exactTotal() - baselineTotal(m) / perMinute) < 1e-6 &&
          Math.abs(b.exactErrors() - baselineTotal(m) * 0.05 / perMinute) < 1e-6
    }
    canary[0].counts().get().exactErrors() != Math.rint(canary[0].counts().get().exactErrors())

    and: 'the totals are still the whole window’s, from the instant query'
    Math.abs(o.canary().get().counts().get().errorRatio() - 0.05) < 1e-9

    where:
    fn         | perMinute
    'increase' | 1
    'rate'     | 60
  }

  void "the judge sees the ramp: a sequential test's trajectory follows the canary's share per minute"() {
    given: 'whole counts, so the sequential proportion test runs'
    def g = gate(
        'round(' + query('increase', ',code="500"') + ')',
        'round(' + query('increase', '') + ')',
        '''\
      criteria:
        - statistical: {test: sequential_proportion}
''')

    when:
    def o = observe(g)
    def c = Judge.evaluate(g, Observations.of([availability: o]), JudgeOptions.DEFAULT.withTrajectories(true))
        .sli('availability').get().criteria()[0]
    def points = c.evidence().trajectory()

    then:
    points.size() == 20
    points*.time() == (0..<20).collect { FROM.plus(Duration.ofMinutes(it)) }
    Math.abs(points[0].canaryShare() - 0.1) < 1e-9
    Math.abs(points[19].canaryShare() - 0.5) < 1e-9
    points[19].canaryRequests() == 10 * 30 + 10 * 150
  }

  void "a continuous evaluation's interval is the step"() {
    given:
    def g = gate(query('increase', ',code="500"'), query('increase', ''))

    when:
    def canary = observe(g, '2m').canary().get().intervals()

    then:
    canary*.start() == (0..<10).collect { FROM.plus(Duration.ofMinutes(2 * it)) }
    Math.abs(canary[0].counts().get().exactTotal() - 60) < 1e-6
    Math.abs(canary[9].counts().get().exactTotal() - 300) < 1e-6
  }

  void "queries with a fixed range are read whole: overlapping ranges would count errors twice"() {
    given:
    def g = gate(query('increase', ',code="500"', '5m'), query('increase', '', '5m'))

    when:
    def o = observe(g)

    then:
    o.canary().get().intervals().isEmpty()
    o.canary().get().counts().isPresent()
  }
}
