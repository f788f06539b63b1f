package io.tollgate.helm

import groovy.json.JsonSlurper
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics
import io.prometheus.metrics.model.registry.PrometheusRegistry
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Shared
import spock.lang.Specification

/** docs/grafana/tollgate-dashboard.json queries only series Tollgate really exports. */
class GrafanaDashboardSpec extends Specification {

  static final Path DASHBOARD = Chart.ROOT.resolve('docs/grafana/tollgate-dashboard.json')
  static final List<String> PREFIXES = ['tollgate_', 'jvm_', 'process_']

  @Shared
  Map dashboard = new JsonSlurper().parse(DASHBOARD.toFile()) as Map

  @Shared
  Set<String> exported = tollgateSeries() + jvmSeries()

  @Shared
  List<Map> panels = dashboard.panels.findAll { it.type != 'row' }

  void "the dashboard is a Grafana dashboard with a Prometheus datasource variable"() {
    expect:
    dashboard.schemaVersion == 39
    dashboard.uid == 'tollgate-overview'
    dashboard.templating.list.find { it.name == 'datasource' }.type == 'datasource'
    dashboard.templating.list.find { it.name == 'datasource' }.query == 'prometheus'
    panels.every { it.datasource == [type: 'prometheus', uid: '${datasource}'] }
    panels*.id.unique().size() == panels.size()
  }

  void "the metric names were found in the sources, so the check below is not vacuous"() {
    expect:
    exported.containsAll([
      'tollgate_decisions_total',
      'tollgate_http_server_request_duration_seconds_bucket',
      'tollgate_evaluation_step_seconds_bucket',
      'tollgate_ingest_records_total',
      'tollgate_ingest_consumer_lag',
      'tollgate_ingest_batch_commit_seconds_bucket',
      'jvm_memory_used_bytes',
    ])
    !exported.contains('tollgate_decisions')
  }

  void "panel '#title' queries only series Tollgate exports"() {
    expect:
    !exprs.isEmpty()
    exprs.every { metricNames(it) }
    exprs.collectMany { metricNames(it) }.every { it in exported }

    where:
    panel << panels
    title = panel.title
    exprs = panel.targets*.expr
  }

  void "the dashboard covers #what"() {
    expect:
    panels.any { it.title == title && it.targets*.expr.any { it.contains(metric) } }

    where:
    what                        | title                            | metric
    'decisions by outcome'      | 'Decisions by outcome'           | 'tollgate_decisions_total'
    'releases blocked'          | 'Releases blocked'               | 'outcome="FAIL"'
    'API latency'               | 'Latency p99 by route'           | 'tollgate_http_server_request_duration_seconds_bucket'
    'evaluation step latency'   | 'Evaluation step latency p95'    | 'tollgate_evaluation_step_seconds_bucket'
    'ingest throughput'         | 'Records and spans per second'   | 'tollgate_ingest_spans_total'
    'consumer lag'              | 'Consumer lag'                   | 'tollgate_ingest_consumer_lag'
    'the dead-letter topic'     | 'Dead-letter records'            | 'tollgate_ingest_dead_letters_total'
    'batch commits'             | 'Batch commit latency'           | 'tollgate_ingest_batch_commit_seconds_bucket'
    'JVM heap'                  | 'Heap used'                      | 'jvm_memory_used_bytes'
  }

  /** Metric names in a PromQL expression: identifiers with one of the exporters' prefixes. */
  static List<String> metricNames(String expr) {
    (expr =~ /\b[a-zA-Z_:][a-zA-Z0-9_:]*\b/).collect { it as String }
        .findAll { name -> PREFIXES.any { name.startsWith(it) } }
  }

  /** Series of the metrics built in Tollgate's sources, as Prometheus exposes them. */
  static Set<String> tollgateSeries() {
    def builder = ~/(Counter|Gauge|Histogram|Summary)\.builder\(\)\s*\.name\("([a-zA-Z0-9_:]+)"\)/
    Set<String> series = []
    ['gate-service', 'ingest'].each { module ->
      Files.walk(Chart.ROOT.resolve(module).resolve('src/main/java')).withCloseable { files ->
        files.filter { it.toString().endsWith('.java') }.each { file ->
          (Files.readString(file) =~ builder).each { match ->
            String type = match[1]
            String name = match[2]
            switch (type) {
              case 'Histogram':
                series.addAll(["${name}_bucket", "${name}_count", "${name}_sum"]*.toString())
                break
              case 'Summary':
                series.addAll([name, "${name}_count", "${name}_sum"]*.toString())
                break
              default:
                series << name
            }
          }
        }
      }
    }
    series
  }

  /** Series of the JVM metrics Tollgate registers (JvmMetrics), from a real exposition. */
  static Set<String> jvmSeries() {
    def registry = new PrometheusRegistry()
    JvmMetrics.builder().register(registry)
    def out = new ByteArrayOutputStream()
    PrometheusTextFormatWriter.create().write(out, registry.scrape())
    out.toString('UTF-8').readLines()
        .findAll { it && !it.startsWith('#') }
        .collect { it.split(/[{ ]/)[0] } as Set
  }
}
