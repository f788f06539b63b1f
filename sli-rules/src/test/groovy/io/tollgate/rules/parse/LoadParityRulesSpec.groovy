package io.tollgate.rules.parse

import io.tollgate.rules.model.LoadParity
import io.tollgate.rules.model.TestRun
import io.tollgate.rules.write.GateWriter
import java.time.Duration
import spock.lang.Specification

/** The load-parity measures of testrun SLIs: parsed, checked with positions, written back. */
class LoadParityRulesSpec extends Specification {

  static String gate(String source) {
    """\
apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: load
spec:
  slis:
    - name: parity
      direction: higher_is_better
      source:
        testrun:
${source.stripIndent().readLines().collect { '          ' + it }.join('\n')}
      criteria:
        - absolute:
            pass: ">= 1.0"
"""
  }

  void "peak_ratio reads service, environment, window and traffic, with defaults"() {
    when:
    def full = GateParser.parse('g.yaml', gate('''\
        measure: peak_ratio
        service: $service
        environment: prod-eu
        window: 3d
        traffic: 0.9'''))
    def plain = GateParser.parse('g.yaml', gate('''\
        measure: operation_coverage
        service: checkout'''))

    then:
    full.ok()
    def t = full.gate().get().slis()[0].source() as TestRun
    t.measure() == TestRun.Measure.PEAK_RATIO
    t.parity() == new LoadParity('$service', 'prod-eu', Duration.ofDays(3), 0.9d)
    t.templates() == [service: '$service']

    and:
    def c = plain.gate().get().slis()[0].source() as TestRun
    c.parity() == new LoadParity('checkout', 'production', Duration.ofDays(7), 0.9d)
  }

  void "a load-parity gate written back parses to the same gate"() {
    given:
    def first = GateParser.parse('g.yaml', gate('''\
        measure: peak_ratio
        service: $service
        window: 2d
        traffic: 0.75''')).gate().get()

    when:
    def yaml = GateWriter.write(first)

    then:
    yaml.contains('traffic: 0.75')
    yaml.contains('window: 2d')
    !yaml.contains('environment:')
    GateParser.parse('again.yaml', yaml).gate().get().slis()*.source() == first.slis()*.source()
  }

  void "mistakes are errors at the key's position: #why"() {
    when:
    def r = GateParser.parse('g.yaml', gate(source))

    then:
    !r.ok()
    r.issues()[0].toString().startsWith(at)
    r.issues()[0].message().contains(message)

    where:
    why                           | source                                                     || at              | message
    'traffic as a percentage'     | 'measure: peak_ratio\nservice: s\ntraffic: 90'             || 'g.yaml:13:20:' | "did you mean 0.9?"
    'traffic on coverage'         | 'measure: operation_coverage\nservice: s\ntraffic: 0.5'    || 'g.yaml:13:20:' | "only applies to 'measure: peak_ratio'"
    'a window past retention'     | 'measure: peak_ratio\nservice: s\nwindow: 30d'             || 'g.yaml:13:19:' | "from 1h to 14d"
    'no service'                  | 'measure: peak_ratio'                                      || 'g.yaml:11:11:' | "service"
    'a k6 metric on parity'       | 'measure: peak_ratio\nservice: s\nmetric: http_reqs'       || 'g.yaml:13:19:' | "does not apply to a load-parity measure"
    'service on a k6 SLI'         | 'measure: k6\nmetric: m\nstat: p(95)\nservice: s'          || 'g.yaml:14:20:' | "only applies to 'measure: peak_ratio'"
    'an unknown variable'         | 'measure: peak_ratio\nservice: $servce'                    || 'g.yaml:'       | "servce"
  }
}
