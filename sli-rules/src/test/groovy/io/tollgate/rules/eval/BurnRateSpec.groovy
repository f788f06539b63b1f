package io.tollgate.rules.eval

import io.tollgate.rules.model.Budget
import io.tollgate.rules.model.BurnWindow
import io.tollgate.rules.model.Outcome
import io.tollgate.rules.observation.Counts
import io.tollgate.rules.observation.Observations
import io.tollgate.rules.observation.SliObservation
import io.tollgate.rules.observation.WindowCounts
import io.tollgate.rules.parse.GateParser
import java.time.Duration
import spock.lang.Specification

class BurnRateSpec extends Specification {

  static budget(String body) {
    def g = JudgeSpec.gate(JudgeSpec.ERRORS + "        - budget: ${body}\n          key: true\n")
    g.slis()[0].objectives()[0].criterion() as Budget
  }

  void "factors come from the budget share and the SLO window: #window"() {
    expect: 'factor = share x SLO window / long window (SRE workbook: 14.4, 6 and 1 for 30 days)'
    budget("{objective: 0.999, window: ${window}}").burnWindows()*.factor()
        .collect { Math.round(it * 1e6) / 1e6 } == factors

    where:
    window || factors
    '30d'  || [14.4d, 6d, 1d]
    '28d'  || [13.44d, 5.6d, 0.933333d]
    '7d'   || [3.36d, 1.4d, 0.233333d]
  }

  void "a window pair may give its own share or an explicit factor"() {
    when:
    def b = budget('{objective: 0.999, window: 30d, windows: [{long: 2h, short: 10m, share: 0.05}, {long: 1d, short: 2h, factor: 3, severity: ticket}]}')

    then:
    b.burnWindows()[0].factor() == 18d
    b.burnWindows()[0].budgetShare() == 0.05d
    b.burnWindows()[1].factor() == 3d
    !b.burnWindows()[1].fromShare()
  }

  void "budget settings that cannot work are rejected at their position: #body"() {
    expect:
    def r = GateParser.parse('g.yaml', """\
apiVersion: tollgate.io/v1
kind: Gate
metadata: {name: g}
spec:
  slis:
    - name: s
      source: {traces: {service: \$service, measure: error_ratio}}
      criteria:
        - budget: ${body}
""")
    !r.ok()
    r.issues()*.message().any { it.contains(message) }

    where:
    body                                                                            || message
    '{objective: 0.999, window: 1d}'                                                || 'the long window 3d is longer than the SLO window 1d'
    '{objective: 0.999, windows: [{long: 1h, short: 5m, share: 2}]}'                || "'share' is the fraction of the error budget"
    '{objective: 0.999, windows: [{long: 1h, short: 5m, share: 0.02, factor: 14}]}' || "either 'share'"
    '{objective: 0.999, minEvents: -1}'                                             || "'minEvents' must be >= 0"
  }

  static SliObservation windows(Map<String, List<Long>> counts) {
    SliObservation.EMPTY.withWindows(counts.collect { k, v ->
      new WindowCounts(io.tollgate.rules.model.Durations.parse(k).get(), new Counts(v[0], v[1]))
    })
  }

  static CriterionResult judge(String body, SliObservation obs) {
    def g = JudgeSpec.gate(JudgeSpec.ERRORS + "        - budget: ${body}\n          key: true\n")
    Judge.evaluate(g, Observations.of([s: obs])).sli('s').get().criteria()[0]
  }

  void "a short window with fewer requests than one error can burn through is not judged"() {
    given: 'at 99.9 % and factor 14.4 one error in fewer than 70 requests already burns faster'
    def pair = '{objective: 0.999, window: 30d, windows: [{long: 1h, short: 5m, share: 0.02}]}'

    expect:
    judge(pair, windows(['1h': [600L, 1L], '5m': [50L, 1L]])).outcome() == Outcome.INCONCLUSIVE
    judge(pair, windows(['1h': [600L, 1L], '5m': [50L, 1L]])).reason().contains('50 requests in 5m, 70 needed')
    judge(pair, windows(['1h': [6000L, 100L], '5m': [500L, 10L]])).outcome() == Outcome.FAIL
    judge(pair, windows(['1h': [6000L, 1L], '5m': [500L, 0L]])).outcome() == Outcome.PASS
  }

  void "minEvents overrides the derived minimum"() {
    expect:
    judge('{objective: 0.999, window: 30d, minEvents: 10, windows: [{long: 1h, short: 5m, share: 0.02}]}',
        windows(['1h': [600L, 60L], '5m': [50L, 5L]])).outcome() == Outcome.FAIL
  }

  void "the workbook defaults are the derived pairs of a 30-day SLO"() {
    expect:
    BurnWindow.SRE_WORKBOOK == BurnWindow.defaults(Duration.ofDays(30))
    BurnWindow.SRE_WORKBOOK*.page() == [true, true, false]
  }
}
