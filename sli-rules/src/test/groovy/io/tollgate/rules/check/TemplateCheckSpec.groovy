package io.tollgate.rules.check

import io.tollgate.rules.model.Gate
import io.tollgate.rules.model.Metadata
import io.tollgate.rules.model.Sli
import io.tollgate.rules.model.SourceLocation
import io.tollgate.rules.model.Traces
import io.tollgate.rules.parse.GateParser
import spock.lang.Specification

/** An unknown $variable is a positioned checker error in every templated field of every source. */
class TemplateCheckSpec extends Specification {

  static String gate(String source, String variables = '') {
    """\
apiVersion: tollgate.io/v1
kind: Gate
metadata: {name: g}
spec:
${variables}  slis:
    - name: s
      source:
${source.stripIndent().readLines().collect { '        ' + it }.join('\n')}
"""
  }

  static List<String> issues(String source, String variables = '') {
    GateParser.parse('g.yaml', gate(source, variables)).issues()
        .findAll { it.severity() == Severity.ERROR }*.toString()
  }

  void "an unknown variable in #field is an error at its position"() {
    expect:
    issues(source) == [message]

    where:
    field                | source                                                                                    || message
    'traces.service'     | 'traces: {service: $servce, measure: requests}'                                           || "g.yaml:8:27: error: unknown template variable '\$servce' in traces.service (did you mean '\$service'?); built-in variables are \$environment, \$service, \$track, \$version; others must be defined under spec.variables"
    'traces.operation'   | "traces: {service: \$service, operation: 'GET /\$path', measure: requests}"               || "g.yaml:8:54: error: unknown template variable '\$path' in traces.operation; built-in variables are \$environment, \$service, \$track, \$version; others must be defined under spec.variables"
    'metrics.attributes' | 'metrics: {name: m, type: gauge, attributes: {env: "$enviroment"}}'                     || "g.yaml:8:60: error: unknown template variable '\$enviroment' in metrics.attributes.env (did you mean '\$environment'?); built-in variables are \$environment, \$service, \$track, \$version; others must be defined under spec.variables"
    'prometheus.query'   | 'prometheus: {query: \'up{track="$trak"}\'}'                                         || "g.yaml:8:40: error: unknown template variable '\$trak' in prometheus.query (did you mean '\$track'?); built-in variables are \$environment, \$service, \$track, \$version, \$window; others must be defined under spec.variables"
    'prometheus.total'   | "prometheus: {errors: 'sum(e)', total: 'sum(rate(t[\$windw]))'}"                         || "g.yaml:8:59: error: unknown template variable '\$windw' in prometheus.total (did you mean '\$window'?); built-in variables are \$environment, \$service, \$track, \$version, \$window; others must be defined under spec.variables"
    'scenarios.service'  | 'scenarios: {measure: new_in_canary, service: "${svc}"}'                                 || "g.yaml:8:55: error: unknown template variable '\$svc' in scenarios.service; built-in variables are \$environment, \$service, \$track, \$version; others must be defined under spec.variables"
  }

  void "\$window is only filled in prometheus queries"() {
    expect:
    issues('traces: {service: $window, measure: requests}') == [
        "g.yaml:8:27: error: template variable '\$window' is only filled in prometheus queries; traces.service may use \$environment, \$service, \$track, \$version and the variables under spec.variables"]
  }

  void "side labels, \$window in queries and the gate's variables are all known"() {
    expect:
    issues(source, '  variables: {region: eu}\n').isEmpty()

    where:
    source << [
        'traces: {service: "$service", operation: "${region}-$environment", measure: requests}',
        'metrics: {name: m, type: gauge, attributes: {version: "$version", region: "$region"}}',
        'prometheus: {query: "sum(rate(x{track=\\"$track\\",region=\\"$region\\"}[$window]))"}',
        'scenarios: {measure: uncovered, service: "$service"}',
        'prometheus: {query: "label_replace(up, \\"d\\", \\"$1\\", \\"s\\", \\"(.*)\\") > $$0"}']
  }

  void "every occurrence is reported, and a multi-line query points at its start"() {
    given:
    def source = '''\
        prometheus:
          errors: |
            sum(rate(e{region="$regoin"}[5m]))
          total: sum(rate(t{region="$regoin"}[5m]))'''

    expect:
    issues(source, '  variables: {region: eu}\n') == [
        "g.yaml:10:19: error: unknown template variable '\$regoin' in prometheus.errors (did you mean '\$region'?); built-in variables are \$environment, \$service, \$track, \$version, \$window; others must be defined under spec.variables",
        "g.yaml:12:37: error: unknown template variable '\$regoin' in prometheus.total (did you mean '\$region'?); built-in variables are \$environment, \$service, \$track, \$version, \$window; others must be defined under spec.variables"]
  }

  void "a double-quoted scalar with escapes points at the scalar's start"() {
    expect:
    issues('prometheus: {query: "up{track=\\"$trak\\"}"}')*.take(13) == ['g.yaml:8:29: ']
  }

  void "an opened brace that never closes is an error"() {
    expect:
    issues('traces: {service: "${service", measure: requests}') == [
        "g.yaml:8:28: error: '\${service' in traces.service is not closed: write '\${service}' (or '\$\$' for a literal '\$')"]
  }

  void "a gate built in code is checked too, at its SLI"() {
    given:
    def at = new SourceLocation('imported', 3, 5)
    def sli = new Sli('s', new Traces('$svc', '', Traces.Measure.REQUESTS, null, [:]), '', null,
        Optional.empty(), [], at)
    def g = new Gate(Gate.API_VERSION, new Metadata('g', '', [:], ''), null, null, [:], [sli],
        SourceLocation.unknown('imported'))

    expect:
    GateChecker.check(g)*.toString().contains(
        "imported:3:5: error: unknown template variable '\$svc' in traces.service; built-in variables are \$environment, \$service, \$track, \$version; others must be defined under spec.variables")
  }
}
