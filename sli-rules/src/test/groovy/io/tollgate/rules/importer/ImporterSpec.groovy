package io.tollgate.rules.importer

import io.tollgate.rules.check.IssuePrinter
import io.tollgate.rules.check.Severity
import io.tollgate.rules.model.Budget
import io.tollgate.rules.model.PrometheusQuery
import io.tollgate.rules.model.VsHistory
import io.tollgate.rules.parse.GateParser
import io.tollgate.rules.write.GateWriter
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification

/**
 * Public example documents of both formats (under src/test/resources/import) convert to gates
 * that read back unchanged; the expected YAML and issues are golden files
 * (-Dgolden.update=true rewrites them after review).
 */
class ImporterSpec extends Specification {
  static final Path ROOT = Path.of('src/test/resources/import')

  static ImportResult convert(String format, String file, String sli = null) {
    def text = Files.readString(ROOT.resolve(format).resolve(file))
    format == 'openslo'
        ? OpenSloImporter.convert(file, text)
        : KeptnImporter.convert(file, text, Optional.ofNullable(sli).map { Files.readString(ROOT.resolve(format).resolve(it)) })
  }

  void "#format example #file converts, round-trips and matches its golden output"() {
    when:
    def r = convert(format, file, sli)
    def base = ROOT.resolve(format).resolve(file.replace('.yaml', ''))
    def yaml = r.gate().map { GateWriter.write(it) }.orElse('')
    def issues = IssuePrinter.format(r.issues(), Files.readString(ROOT.resolve(format).resolve(file)))
    if (Boolean.getBoolean('golden.update')) {
      Files.writeString(Path.of(base.toString() + '.gate.yaml'), yaml)
      Files.writeString(Path.of(base.toString() + '.issues.txt'), issues)
    }

    then:
    r.ok() == converts
    yaml == Files.readString(Path.of(base.toString() + '.gate.yaml'))
    issues == Files.readString(Path.of(base.toString() + '.issues.txt'))

    and: 'the written gate reads back without errors and writes out the same'
    if (converts) {
      def parsed = GateParser.parse('imported.yaml', yaml)
      assert parsed.ok(): parsed.issues()
      assert GateWriter.write(parsed.gate().get()) == yaml
    }

    where:
    format    | file                            | sli                         || converts
    'keptn'   | 'carts-slo-quality-gates.yaml'  | 'carts-sli-prometheus.yaml' || true
    'keptn'   | 'self-healing-slo.yaml'         | null                        || true
    'keptn'   | 'reference-slo.yaml'            | null                        || true
    'openslo' | 'prometheus-availability.yaml'  | null                        || true
    'openslo' | 'ratio-timeslices.yaml'         | null                        || false
    'openslo' | 'oslo-list-form.yaml'           | null                        || true
  }

  void "Keptn criteria map to absolute and relative criteria with the comparison block"() {
    when:
    def gate = convert('keptn', 'carts-slo-quality-gates.yaml', 'carts-sli-prometheus.yaml').gate().get()
    def sli = gate.slis()[0]
    def history = sli.objectives()*.criterion().find { it instanceof VsHistory } as VsHistory

    then:
    sli.name() == 'response_time_p95'
    (sli.source() as PrometheusQuery).query().contains('job="$service-$project-$stage"}[$window]')
    history.runs() == 1
    history.pass().test(1.1) && !history.pass().test(1.11)
    gate.scoring().pass() == 90d
    gate.scoring().warn() == 75d
  }

  void "Keptn criterion strings are read as absolute, ratio or delta bounds"() {
    expect:
    def c = KeptnCriteria.parse(text)
    c.map { it.kind().name() + ' ' + it.bound() }.orElse('unmappable') == expected

    where:
    text      || expected
    '<600'    || 'ABSOLUTE < 600'
    '<=+10%'  || 'RATIO <= 1.1'
    '>=-5%'   || 'RATIO >= 0.95'
    '<+50'    || 'DELTA < 50'
    '=0'      || 'ABSOLUTE == 0'
    '<10%'    || 'RATIO < 1.1'
    'fast'    || 'unmappable'
  }

  void "an OpenSLO ratio SLO becomes a key burn-rate budget over its window"() {
    when:
    def gate = convert('openslo', 'prometheus-availability.yaml').gate().get()
    def budget = gate.sli('checkout_availability').get().objectives()[0]

    then:
    budget.key()
    (budget.criterion() as Budget).objective() == 0.999d
    (budget.criterion() as Budget).window().toDays() == 28
    ((gate.sli('checkout_availability').get().source()) as PrometheusQuery).errorsQuery().contains(') - (')
  }

  void "OpenSLO durations in months, quarters and years are valid: #text"() {
    expect:
    OpenSloImporter.duration(text).map { it.toDays() }.orElse(-1L) == days

    where:
    text  || days
    '1M'  || 30
    '3M'  || 90
    '1Q'  || 91
    '1Y'  || 365
    '28d' || 28
    '4w'  || 28
    '0M'  || -1
    '1y'  || -1
  }

  void "a list of documents with month and quarter windows and empty alertPolicies imports with no errors"() {
    when:
    def r = convert('openslo', 'oslo-list-form.yaml')
    def budgets = r.gate().get().slis()*.objectives().flatten()*.criterion()

    then:
    r.ok()
    !r.issues().any { it.severity() == Severity.ERROR }
    !r.issues().any { it.message().contains('alertPolicies') }
    (budgets*.window()*.toDays()).unique() == [30L, 91L]
    r.issues()*.message().contains("window '1M' is read as 30d (months as 30 days, quarters as 91, years as 365)")
  }

  void "unmappable parts are reported with positions, not dropped silently"() {
    when:
    def r = convert('openslo', 'ratio-timeslices.yaml')

    then:
    !r.ok()
    r.issues().findAll { it.severity() == Severity.ERROR }*.at()*.line() == [19, 24]
    r.issues().any { it.message().contains("metric source type 'Any' cannot be mapped") }
  }
}
