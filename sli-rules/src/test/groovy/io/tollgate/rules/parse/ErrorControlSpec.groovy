package io.tollgate.rules.parse

import io.tollgate.rules.check.Severity
import io.tollgate.rules.model.ErrorControl
import io.tollgate.rules.write.GateWriter
import spock.lang.Specification

class ErrorControlSpec extends Specification {

  static String gate(String errorControl, String test = 'sequential_proportion') {
    """\
apiVersion: tollgate.io/v1
kind: Gate
metadata: {name: g}
spec:
${errorControl}  slis:
    - name: error_rate
      source: {traces: {service: a, measure: error_ratio}}
      criteria:
        - statistical: {test: $test}
          key: true
    - name: latency
      source: {traces: {service: a, measure: latency}}
      criteria:
        - absolute: {pass: "< 300"}
"""
  }

  void "errorControl reads as #yaml"() {
    when:
    def r = GateParser.parse('g.yaml', gate(yaml))

    then:
    r.clean()
    r.gate().get().errorControl() == expected

    where:
    yaml                                                             || expected
    ''                                                               || ErrorControl.DEFAULT
    '  errorControl: none\n'                                         || new ErrorControl(ErrorControl.Method.NONE, [:])
    '  errorControl: {method: bonferroni, weights: {error_rate: 2}}\n' || new ErrorControl(ErrorControl.Method.BONFERRONI, [error_rate: 2d])
  }

  void "errorControl is written back and read again unchanged"() {
    given:
    def first = GateParser.parse('g.yaml', gate('  errorControl: {method: bonferroni, weights: {error_rate: 2}}\n')).gate().get()

    expect:
    GateParser.parse('again.yaml', GateWriter.write(first)).gate().get().errorControl() == first.errorControl()
  }

  void "bad errorControl settings are positioned issues: #what"() {
    when:
    def r = GateParser.parse('g.yaml', gate(yaml))
    def issue = r.issues().find { it.message().contains(says) }

    then:
    issue != null
    issue.severity() == severity
    issue.at().line() == line

    where:
    what                    | yaml                                                          || severity         | line | says
    'an unknown SLI'        | '  errorControl: {weights: {error_rat: 2}}\n'                 || Severity.ERROR   | 5    | "unknown SLI 'error_rat' (did you mean 'error_rate'?)"
    'a weight of 0'         | '  errorControl: {weights: {error_rate: 0}}\n'                || Severity.ERROR   | 5    | "must be > 0"
    'an SLI without a test' | '  errorControl: {weights: {latency: 2}}\n'                   || Severity.WARNING | 5    | "has no effect: it has no anytime-valid criterion"
    'an unknown method'     | '  errorControl: holm\n'                                      || Severity.ERROR   | 5    | "'errorControl' must be one of bonferroni, none"
  }

  void "the checker names the sequential test that replaces a fixed-sample one, where it is written"() {
    when:
    def r = GateParser.parse('g.yaml', gate('', 'two_proportion'))

    then:
    r.ok()
    r.issues().size() == 1
    with(r.issues()[0]) {
      severity() == Severity.WARNING
      at().line() == 9
      message().contains('two_proportion is a fixed-sample test')
      message().contains('use test: sequential_proportion')
    }
  }
}
