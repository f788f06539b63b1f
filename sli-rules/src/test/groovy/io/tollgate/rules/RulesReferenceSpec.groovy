package io.tollgate.rules

import io.tollgate.rules.parse.GateParser
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification

/**
 * docs/rules.md documents every key the parser accepts: for each level of a gate document, an
 * unknown key makes the parser list the keys allowed there, and each of those must appear in the
 * reference as `key`.
 */
class RulesReferenceSpec extends Specification {

  static final String DOC = Files.readString(Path.of("../docs/rules.md"))

  static final String HEAD = "apiVersion: tollgate.io/v1\nkind: Gate\n"

  static List<String> allowedKeys(String yaml) {
    def issues = GateParser.parse("probe.yaml", yaml).issues()*.message()
    def message = issues.find { it.contains("unknown key 'zzz'") && it.contains("allowed here: ") }
    assert message: "no 'allowed here' issue for the probe; issues were: $issues"
    message.substring(message.indexOf("allowed here: ") + "allowed here: ".length())
        .split(",")*.trim()*.replaceAll(/[^A-Za-z0-9_.]/, "").findAll { it }
  }

  void "every key allowed #where is in the rules reference"() {
    when:
    def keys = allowedKeys(yaml)
    def missing = keys.findAll { !DOC.contains("`$it`") && !DOC.contains("$it:") }

    then:
    keys.size() > 0
    missing.isEmpty()

    where:
    where                 | yaml
    "at the top"          | HEAD + "zzz: 1\nmetadata: {name: g}\nspec: {slis: []}\n"
    "in metadata"         | HEAD + "metadata: {name: g, zzz: 1}\nspec: {slis: []}\n"
    "in spec"             | HEAD + "metadata: {name: g}\nspec: {zzz: 1, slis: []}\n"
    "in an SLI"           | HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      zzz: 1\n      source: {traces: {service: a, measure: error_ratio}}\n      criteria: [{absolute: {pass: '< 0.1'}}]\n"
    "in a source"         | HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      source: {zzz: 1}\n      criteria: [{absolute: {pass: '< 0.1'}}]\n"
    "in traces"           | HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      source: {traces: {service: a, measure: error_ratio, zzz: 1}}\n      criteria: [{absolute: {pass: '< 0.1'}}]\n"
    "in metrics"          | HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      source: {metrics: {name: m, type: gauge, zzz: 1}}\n      criteria: [{absolute: {pass: '< 0.1'}}]\n"
    "in prometheus"       | HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      source: {prometheus: {query: up, zzz: 1}}\n      criteria: [{absolute: {pass: '< 0.1'}}]\n"
    "in testrun"          | HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      source: {testrun: {measure: pass_ratio, zzz: 1}}\n      criteria: [{absolute: {pass: '> 0.1'}}]\n"
    "in scenarios"        | HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      source: {scenarios: {measure: uncovered, service: a, zzz: 1}}\n      criteria: [{absolute: {pass: '<= 0'}}]\n"
    "in incidents"        | HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      source: {incidents: {measure: uncovered, service: a, zzz: 1}}\n      criteria: [{absolute: {pass: '<= 0'}}]\n"
    "in a criterion"      | HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      source: {traces: {service: a, measure: error_ratio}}\n      criteria: [{zzz: 1, absolute: {pass: '< 0.1'}}]\n"
    "in absolute"         | HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      source: {traces: {service: a, measure: error_ratio}}\n      criteria: [{absolute: {pass: '< 0.1', zzz: 1}}]\n"
    "in vsBaseline"       | HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      source: {traces: {service: a, measure: error_ratio}}\n      criteria: [{vsBaseline: {mode: ratio, pass: '<= 1.1', zzz: 1}}]\n"
    "in vsHistory"        | HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      source: {traces: {service: a, measure: error_ratio}}\n      criteria: [{vsHistory: {runs: 5, mode: ratio, pass: '<= 1.1', zzz: 1}}]\n"
    "in statistical"      | HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      source: {traces: {service: a, measure: error_ratio}}\n      criteria: [{statistical: {test: two_proportion, zzz: 1}}]\n"
    "in budget"           | HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      source: {traces: {service: a, measure: error_ratio}}\n      criteria: [{budget: {objective: 0.999, window: 30d, mode: burn_rate, zzz: 1}}]\n"
    "in errorControl"     | HEAD + "metadata: {name: g}\nspec:\n  errorControl: {method: bonferroni, zzz: 1}\n  slis: []\n"
    "in scoring"          | HEAD + "metadata: {name: g}\nspec:\n  scoring: {pass: 90, warn: 75, zzz: 1}\n  slis: []\n"
  }

  void "a scenarios SLI reads, checks and writes back"() {
    given:
    def yaml = HEAD + """metadata: {name: g}
spec:
  slis:
    - name: uncovered_failures
      source:
        scenarios:
          measure: uncovered
          service: \$service
          olderThanDays: 7
      criteria:
        - absolute:
            pass: "<= 2"
"""

    when:
    def r = GateParser.parse("g.yaml", yaml)
    def source = r.gate().orElseThrow().slis()[0].source()

    then:
    r.clean()
    source == new io.tollgate.rules.model.Scenarios(io.tollgate.rules.model.Scenarios.Measure.UNCOVERED, '$service', 7)
    GateParser.parse("again.yaml", io.tollgate.rules.write.GateWriter.write(r.gate().orElseThrow())).gate().orElseThrow()
        .slis()[0].source() == source
  }

  void "a scenarios SLI with a misplaced or bad olderThanDays is refused where it is written"() {
    expect:
    def r = GateParser.parse("g.yaml", HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      source: {scenarios: {measure: $measure, service: a, olderThanDays: $days}}\n      criteria: [{absolute: {pass: '<= 0'}}]\n")
    !r.ok()
    r.issues()*.message().any { it.contains(says) }

    where:
    measure         | days || says
    "new_in_canary" | 3    || "only applies to 'measure: uncovered'"
    "uncovered"     | -1   || "whole number of days"
    "uncovered"     | 1.5  || "whole number of days"
  }

  void "an incidents SLI reads, checks and writes back"() {
    given:
    def yaml = HEAD + """metadata: {name: g}
spec:
  slis:
    - name: untested_incident_failures
      source:
        incidents:
          measure: uncovered
          service: \$service
          withinDays: 90
      criteria:
        - absolute:
            pass: "== 0"
          key: true
"""

    when:
    def r = GateParser.parse("g.yaml", yaml)
    def source = r.gate().orElseThrow().slis()[0].source()

    then:
    r.clean()
    source == new io.tollgate.rules.model.Incidents(io.tollgate.rules.model.Incidents.Measure.UNCOVERED, '$service', 90)
    source.kind() == "incidents"
    GateParser.parse("again.yaml", io.tollgate.rules.write.GateWriter.write(r.gate().orElseThrow())).gate().orElseThrow()
        .slis()[0].source() == source
  }

  void "a bad incidents SLI is refused where it is written: #why"() {
    when:
    def r = GateParser.parse("g.yaml", HEAD + "metadata: {name: g}\nspec:\n  slis:\n    - name: s\n      source: {incidents: {$fields}}\n      criteria: [{absolute: {pass: '<= 0'}}]\n")

    then:
    !r.ok()
    r.issues().findAll { it.severity().name() == "ERROR" }*.toString().any { it.startsWith(at) && it.contains(says) }

    where:
    why                | fields                                            || at           | says
    "unknown measure"  | "measure: untested, service: a"                   || "g.yaml:7:"  | "measure"
    "no measure"       | "service: a"                                      || "g.yaml:7:"  | "one of uncovered, failure_modes"
    "no service"       | "measure: uncovered"                              || "g.yaml:7:"  | "service"
    "zero days"        | "measure: uncovered, service: a, withinDays: 0"   || "g.yaml:7:"  | "'withinDays' must be a whole number of days, 1 to 3650"
    "fractional days"  | "measure: uncovered, service: a, withinDays: 1.5" || "g.yaml:7:"  | "whole number of days"
    "unknown variable" | "measure: uncovered, service: \$svc"              || "g.yaml:7:"  | "unknown template variable '\$svc' in incidents.service"
  }
}
