package io.tollgate.helm

import java.nio.file.Files
import java.nio.file.Path
import org.yaml.snakeyaml.Yaml
import spock.lang.Shared
import spock.lang.Specification

/** docs/operations.md shows the chart as it is: its examples exist and render, its values exist. */
class OperationsDocSpec extends Specification {

  @Shared
  String doc = Files.readString(Chart.ROOT.resolve('docs/operations.md'))

  @Shared
  Map values = new Yaml().load(Files.readString(Chart.DIR.resolve('values.yaml')))

  @Shared
  List<String> documentedKeys = valuesTableRows().collect { (it =~ /^\| `([^`]+)`/)[0][1] as String }

  void "every example values file the docs use exists and renders"() {
    given:
    def used = (doc =~ /helm\/tollgate\/examples\/([\w.-]+\.yaml)/).collect { it[1] as String }.unique()

    expect:
    used.sort() == Chart.examples()
    used.every { Chart.render(it).all('Deployment').size() >= 1 }
  }

  void "every value in the docs' table exists in values.yaml: #key"() {
    expect:
    resolve(values, key) != NOT_FOUND

    where:
    key << documentedKeys
  }

  void "every top-level value is documented: #key"() {
    expect:
    documentedKeys.any { it == key || it.startsWith("${key}.") }

    where:
    key << values.keySet().toList()
  }

  void "every backticked value path in the table's notes exists too"() {
    given:
    def mentioned = valuesTableRows().collectMany { row ->
      (row =~ /`((?:image|database|adminToken|gates|prometheus|kafka|api|ingest|probes|ingress|serviceMonitor|networkPolicy|serviceAccount)\.[A-Za-z.]+)`/)
          .collect { it[1] as String }
    }

    expect:
    mentioned.size() > documentedKeys.size()
    mentioned.findAll { resolve(values, it) == NOT_FOUND } == []
  }

  void "every variable the chart sets is in the Running table: #variable"() {
    expect:
    runningTable().contains("| `$variable` |") ||
        (variable.startsWith('TOLLGATE_INGEST_KAFKA_') && runningTable().contains('| `TOLLGATE_INGEST_KAFKA_*` |'))

    where:
    variable << chartVariables()
  }

  private static List<String> chartVariables() {
    ['minimal.yaml', 'production.yaml'].collectMany { example ->
      def chart = Chart.render(example)
      chart.all('Deployment').collectMany { deployment ->
        (chart.plainEnv(deployment).keySet() + Chart.Rendered.env(deployment).keySet()) as List
      }
    }.unique().sort()
  }

  private String runningTable() {
    doc.substring(doc.indexOf('## Running'), doc.indexOf('## Tokens and roles'))
  }

  private static final Object NOT_FOUND = new Object()

  private static Object resolve(Map map, String path) {
    Object node = map
    for (String part : path.split('\\.')) {
      if (!(node instanceof Map) || !(node as Map).containsKey(part)) {
        return NOT_FOUND
      }
      node = (node as Map)[part]
    }
    node
  }

  private List<String> valuesTableRows() {
    def section = doc.substring(doc.indexOf('### Helm values'))
    section = section.substring(0, section.indexOf('\n\n', section.indexOf('| value |')))
    section.readLines().findAll { it.startsWith('| `') }
  }
}
