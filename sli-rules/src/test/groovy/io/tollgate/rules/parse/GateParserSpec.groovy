package io.tollgate.rules.parse

import io.tollgate.rules.check.Severity
import io.tollgate.rules.model.Absolute
import io.tollgate.rules.model.Direction
import io.tollgate.rules.model.Statistical
import io.tollgate.rules.model.Traces
import spock.lang.Specification

class GateParserSpec extends Specification {

  static String gate(String slis, String extraSpec = '') {
    """\
apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: g
spec:
${extraSpec}  slis:
${slis}"""
  }

  static final String ERROR_RATE = '''\
    - name: error_rate
      source:
        traces:
          service: $service
          measure: error_ratio
      criteria:
        - absolute:
            pass: "<= 0.01"
'''

  void "a minimal gate parses into the model with positions"() {
    when:
    def r = GateParser.parse('g.yaml', gate(ERROR_RATE))

    then:
    r.clean()
    def g = r.gate().get()
    g.metadata().name() == 'g'
    def sli = g.slis()[0]
    sli.name() == 'error_rate'
    sli.direction() == Direction.LOWER_IS_BETTER
    (sli.source() as Traces).measure() == Traces.Measure.ERROR_RATIO
    def o = sli.objectives()[0]
    o.weight() == 1d
    !o.key()
    (o.criterion() as Absolute).pass().test(0.01)
    o.at().line() == 13
    o.at().column() == 11
  }

  void "a traces SLI reads #expected traffic given '#line', and the writer gives it back"() {
    when:
    def r = GateParser.parse('g.yaml', gate(ERROR_RATE.replace('          measure: error_ratio', '          measure: error_ratio' + line)))

    then:
    r.clean()
    def traces = r.gate().get().slis()[0].source() as Traces
    traces.traffic() == expected
    (GateParser.parse('g.yaml', io.tollgate.rules.write.GateWriter.write(r.gate().get())).gate().get().slis()[0].source() as Traces).traffic() == expected

    where:
    line                        || expected
    ''                          || Traces.Traffic.USERS
    '\n          traffic: users' || Traces.Traffic.USERS
    '\n          traffic: tests' || Traces.Traffic.TESTS
    '\n          traffic: all'   || Traces.Traffic.ALL
  }

  void "an unknown traffic is an error at its position that lists the choices"() {
    when:
    def r = GateParser.parse('g.yaml', gate(ERROR_RATE.replace('          measure: error_ratio', '          measure: error_ratio\n          traffic: synthetic')))

    then:
    !r.ok()
    r.issues()[0].toString().startsWith("g.yaml:12:20: error: 'traffic' must be one of users, tests, all")
    r.issues()[0].message().contains('users')
    r.issues()[0].message().contains('tests')
  }

  void "a misspelled key is reported where it is, with a suggestion"() {
    when:
    def r = GateParser.parse('g.yaml', gate(ERROR_RATE.replace('      criteria:', '      critera:')))

    then:
    !r.ok()
    r.issues().size() == 1
    r.issues()[0].toString().startsWith("g.yaml:12:7: error: unknown key 'critera' (did you mean 'criteria'?)")
  }

  void "wrong values get messages that say how to fix them"() {
    when:
    def r = GateParser.parse('g.yaml', gate(ERROR_RATE.replace('            pass: "<= 0.01"', criterion)))

    then:
    !r.ok()
    r.issues()*.message().any { it.contains(message) }

    where:
    criterion                                                        || message
    '            pass: 0.01'                                         || 'did you mean "<= 0.01"?'
    '            pass: "<= 0.01"\n          weight: -1'                || 'weight must be >= 0'
    '            pass: "<= 0.01"\n          key: yes please'           || "'key' must be true or false"
    '            pass: "> 0.5 and < 0.1"'                            || 'impossible threshold'
    '            pass: "< 5"'                                        || 'did you mean 0.05 for < 5%?'
  }

  void "statistical criteria that cannot work are rejected with the fix"() {
    given:
    def slis = """\
    - name: latency
      source:
        traces: {service: \$service, measure: latency, quantile: 0.99}
      criteria:
        - statistical: ${stat}
"""

    when:
    def r = GateParser.parse('g.yaml', gate(slis))

    then:
    !r.ok()
    r.issues()*.message().any { it.contains(message) }

    where:
    stat                                          || message
    '{test: mann_whitney, minSamples: 5}'          || 'set minSamples: 20 or more'
    '{test: two_proportion}'                       || 'did you mean test: mann_whitney?'
    '{test: quantile, quantile: 0.99, minSamples: 100}' || 'set minSamples: 1000 or more'
    '{test: quantile, quantile: 99}'               || 'did you mean 0.99?'
    '{test: mann_whitny}'                          || "did you mean 'mann_whitney'?"
    '{test: mann_whitney, confidence: 95}'         || 'did you mean 0.95?'
    '{test: mann_whitney, minEffect: 0.1, tolerance: 0.05}' || "'tolerance' must be above minEffect (0.1)"
    '{test: sequential_quantile, quantile: 99}'    || 'did you mean 0.99?'
  }

  void "duplicate SLI names and unknown template variables are errors at their positions"() {
    given:
    def slis = ERROR_RATE + '''\
    - name: error_rate
      source:
        prometheus:
          query: sum(rate(x{region="$regoin"}[5m]))
'''

    when:
    def r = GateParser.parse('g.yaml', gate(slis, '  variables: {region: eu}\n'))

    then:
    r.issues()*.toString() == [
        "g.yaml:16:13: error: duplicate SLI name 'error_rate' (first defined at line 8); SLI names must be unique",
        "g.yaml:19:37: error: unknown template variable '\$regoin' in prometheus.query (did you mean '\$region'?); built-in variables are \$environment, \$service, \$track, \$version, \$window; others must be defined under spec.variables"
    ]
  }

  void "scoring thresholds and weights that make no sense are errors"() {
    expect:
    GateParser.parse('g.yaml', gate(ERROR_RATE, '  scoring: {pass: 70, warn: 80}\n')).issues()[0].message()
        .contains('scoring.warn must be between 0 and scoring.pass (70)')
    GateParser.parse('g.yaml', gate(ERROR_RATE.replace('"<= 0.01"', '"<= 0.01"\n          weight: 0'))).issues()[0].message()
        .contains('every criterion has weight 0')
  }

  void "several errors come out in one run, sorted by position"() {
    when:
    def r = GateParser.parse('g.yaml', '''\
apiVersion: tollgate.io/v2
kind: Gaet
metadata: {}
spec:
  slis: []
''')

    then:
    r.issues().size() == 4
    r.issues()*.at()*.line() == [1, 2, 3, 5]
    r.issues().every { it.severity() == Severity.ERROR }
  }

  void "defaults are explicit: sequential tests watch up to 20,000 canary requests"() {
    when:
    def r = GateParser.parse('g.yaml', gate(ERROR_RATE.replace('- absolute:\n            pass: "<= 0.01"', '- statistical: {test: sequential_proportion}')))

    then:
    r.clean()
    def s = r.gate().get().slis()[0].objectives()[0].criterion() as Statistical
    s.confidence() == 0.95d
    s.maxSamples() == 20_000L
  }
}
