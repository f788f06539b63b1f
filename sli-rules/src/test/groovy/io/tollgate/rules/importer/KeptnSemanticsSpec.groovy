package io.tollgate.rules.importer

import io.tollgate.rules.eval.Judge
import io.tollgate.rules.model.Absolute
import io.tollgate.rules.model.Outcome
import io.tollgate.rules.model.VsHistory
import io.tollgate.rules.observation.HistoryRun
import io.tollgate.rules.observation.Measurement
import io.tollgate.rules.observation.Observations
import io.tollgate.rules.observation.SliObservation
import io.tollgate.rules.parse.GateParser
import io.tollgate.rules.write.GateWriter
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification

/** Imported Keptn objectives judge as Keptn's lighthouse-service does. */
class KeptnSemanticsSpec extends Specification {
  static final Path KEPTN = Path.of('src/test/resources/import/keptn')

  static slo(String objectives) {
    """\
spec_version: '1.0'
comparison:
  compare_with: "single_result"
  include_result_with_score: "pass"
  aggregate_function: avg
objectives:
${objectives}total_score:
  pass: "90%"
  warning: "75%"
"""
  }

  static Outcome judge(def gate, double current, double previous) {
    def obs = SliObservation.current(Measurement.ofValue(current))
        .withHistory([new HistoryRun('previous', Outcome.PASS, previous, false, false)])
    Judge.evaluate(gate, Observations.of([(gate.slis()[0].name()): obs])).sli(gate.slis()[0].name()).get().criteria()[0].outcome()
  }

  void "criteria of one pass group are AND-ed: one criterion of full weight that fails when either part fails"() {
    given:
    def r = KeptnImporter.convert('slo.yaml', slo('''\
  - sli: response_time_p95
    pass:
      - criteria:
          - "<=+10%"
          - "<600"
    warning:
      - criteria:
          - "<=+25%"
          - "<800"
'''), Optional.empty())
    def gate = r.gate().get()
    def objectives = gate.slis()[0].objectives()

    expect: 'one criterion, the whole weight'
    objectives.size() == 1
    objectives[0].weight() == 1d
    (objectives[0].criterion() as VsHistory).absolute().get() ==
        new Absolute(io.tollgate.rules.model.Condition.parse('< 600').get(), io.tollgate.rules.model.Condition.parse('< 800'))

    and: 'Keptn outcomes'
    judge(gate, current, previous) == outcome

    where:
    current | previous || outcome
    540     | 500      || Outcome.PASS   // +8 % and under 600
    590     | 500      || Outcome.WARN   // +18 %: the warning group holds
    620     | 600      || Outcome.WARN   // +3 % but over 600: the warning group holds
    650     | 500      || Outcome.FAIL   // +30 %: neither group holds
    900     | 880      || Outcome.FAIL   // +2 % but over 800: Keptn fails, so does Tollgate (was WARN)
  }

  void "an absolute limit fails the objective even before there is history"() {
    given:
    def gate = KeptnImporter.convert('slo.yaml', slo('''\
  - sli: response_time_p95
    pass:
      - criteria: ["<=+10%", "<600"]
'''), Optional.empty()).gate().get()

    expect:
    Judge.evaluate(gate, Observations.of([response_time_p95: SliObservation.current(Measurement.ofValue(value))]))
        .outcome() == outcome

    where:
    value || outcome
    900   || Outcome.FAIL
    500   || Outcome.INCONCLUSIVE
  }

  void "the combined criterion writes out as vsHistory.absolute and reads back the same"() {
    given:
    def gate = KeptnImporter.convert('reference-slo.yaml', Files.readString(KEPTN.resolve('reference-slo.yaml')), Optional.empty())
        .gate().get()

    when:
    def yaml = GateWriter.write(gate)
    def parsed = GateParser.parse('imported.yaml', yaml)

    then:
    yaml.contains('''\
        - vsHistory:
            runs: 1
            minRuns: 1
            outcome: pass
            aggregate: avg
            mode: ratio
            pass: <= 1.1
            absolute:
              pass: < 1000
              warn: <= 800
''')
    parsed.ok()
    GateWriter.write(parsed.gate().get()) == yaml
  }

  void "percentages are relative and exact: #text"() {
    expect:
    KeptnCriteria.parse(text).map { it.kind().name() + ' ' + it.bound() }.get() == expected
    KeptnCriteria.parse(text).get().bound().limit() == limit

    where:
    text      || expected         | limit
    '<=1%'    || 'RATIO <= 1.01'  | 1.01d
    '>=-80%'  || 'RATIO >= 0.2'   | 0.2d
    '<=+10%'  || 'RATIO <= 1.1'   | 1.1d
    '>-0.5%'  || 'RATIO > 0.995'  | 0.995d
    '<=+0.1'  || 'DELTA <= 0.1'   | 0.1d
  }

  void "Dynatrace SLI queries are refused, not imported as PromQL"() {
    when:
    def r = KeptnImporter.convert('slo.yaml', slo('''\
  - sli: response_time_p95
    pass:
      - criteria: ["<=+10%", "<600"]
  - sli: error_rate
    pass:
      - criteria: ["<=1%"]
'''), Optional.of(Files.readString(KEPTN.resolve('dynatrace-sli.yaml'))))

    then:
    !r.ok()
    r.gate().isEmpty()
    def errors = r.issues()*.message().findAll { it.contains('Dynatrace') }
    errors.size() == 2
    errors[0].startsWith("SLI 'response_time_p95' has a Dynatrace query in the sli.yaml (metricSelector=builtin:service.response.time")
    errors[0].endsWith("not PromQL: Tollgate cannot run it; write the SLI's query in PromQL")
  }
}
