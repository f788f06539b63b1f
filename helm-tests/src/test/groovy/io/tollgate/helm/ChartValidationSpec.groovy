package io.tollgate.helm

import com.marcnuri.helm.Helm
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/** A misspelled key, a wrong type or a missing required value fails before anything is installed. */
class ChartValidationSpec extends Specification {

  @TempDir
  Path tmp

  void "the schema rejects #problem, naming #named"() {
    when:
    Chart.render('minimal.yaml', [(key): value])

    then:
    def e = thrown(IllegalStateException)
    e.message.contains('values don\'t meet the specifications of the schema')
    named.every { e.message.contains(it) }

    where:
    problem                         | key                               | value          || named
    'a misspelled key'              | 'api.replicaCont'                 | 3              || ['/api', 'replicaCont']
    'a misspelled top-level key'    | 'ingres.enabled'                  | true           || ['ingres']
    'a misspelled nested key'       | 'kafka.sasl.mechanizm'            | 'PLAIN'        || ['/kafka/sasl', 'mechanizm']
    'a string for a number'         | 'api.replicaCount'                | 'two'          || ['/api/replicaCount', 'integer']
    'a string for a boolean'        | 'ingest.enabled'                  | 'yes'          || ['/ingest/enabled', 'boolean']
    'an unknown encoding'           | 'kafka.encoding'                  | 'otlp_avro'    || ['/kafka/encoding', 'otlp_proto']
    'an unknown security protocol'  | 'kafka.securityProtocol'          | 'SASL'         || ['/kafka/securityProtocol', 'SASL_SSL']
    'an unknown SASL mechanism'     | 'kafka.sasl.mechanism'            | 'SCRAM'        || ['/kafka/sasl/mechanism', 'SCRAM-SHA-512']
    'a non-PostgreSQL database'     | 'database.url'                    | 'jdbc:h2:mem:x' || ['/database/url']
    'a short admin token'           | 'adminToken.value'                | 'too-short'    || ['/adminToken/value']
    'a CPU target above 100%'       | 'api.autoscaling.targetCPUUtilizationPercentage' | 120 || ['/api/autoscaling/targetCPUUtilizationPercentage']
    'a relative gates directory'    | 'gates.directory'                 | 'gates'        || ['/gates/directory']
    'a gate file not ending in yaml' | 'gates.files.canary\\.json'      | '{}'           || ['invalid propertyName', 'canary.json']
    'a malformed duration'          | 'gates.pollInterval'              | 'ten seconds'  || ['/gates/pollInterval']
    'a retention without a unit'    | 'retention.minutes'               | '15'           || ['/retention/minutes']
    'a retention of zero'           | 'retention.signatures'            | '0d'           || ['/retention/signatures']
    'a zero retention batch'        | 'retention.batchSize'             | 0              || ['/retention/batchSize']
  }

  void "a values file with a typo fails the same way"() {
    given:
    Path values = tmp.resolve('typo.yaml')
    Files.writeString(values, 'ingest:\n  replicaCont: 6\n')

    when:
    Chart.render([Chart.example('minimal.yaml'), values])

    then:
    def e = thrown(IllegalStateException)
    e.message.contains('/ingest')
    e.message.contains('replicaCont')
  }

  void "strict lint fails on a chart whose values do not meet the schema"() {
    given:
    Path chart = Chart.copyWithValues(tmp.resolve('tollgate'), 'minimal.yaml')
    Files.writeString(chart.resolve('values.yaml'), Files.readString(chart.resolve('values.yaml')) + 'replicaCount: 3\n')

    when:
    def result = new Helm(chart).lint().strict().call()

    then:
    result.failed
    result.messages.any { it.contains('replicaCount') }
  }

  void "without #missing the chart refuses to render and says what is needed"() {
    when:
    Chart.render('minimal.yaml', sets)

    then:
    def e = thrown(IllegalStateException)
    e.message.contains(message)

    where:
    missing                      | sets                                                              || message
    'a database'                 | ['database.url': '']                                              || 'database.url is required'
    'an admin token'             | ['adminToken.existingSecret': '']                                 || 'adminToken.existingSecret (or adminToken.value) is required'
    'Kafka for the ingest role'  | ['kafka.bootstrapServers': '']                                    || 'kafka.bootstrapServers is required when ingest.enabled is true'
    'Kafka for OTLP/HTTP'        | ['kafka.bootstrapServers': '', 'ingest.enabled': false, 'otlp.enabled': true] || 'kafka.bootstrapServers is required when otlp.enabled is true'
    'a SASL secret'              | ['kafka.securityProtocol': 'SASL_SSL', 'kafka.sasl.mechanism': 'PLAIN'] || 'kafka.sasl.existingSecret is required with kafka.securityProtocol SASL_SSL'
    'a SASL mechanism'           | ['kafka.securityProtocol': 'SASL_SSL', 'kafka.sasl.existingSecret': 'k'] || 'kafka.sasl.mechanism is required with kafka.securityProtocol SASL_SSL'
  }

  void "Kafka is not required when the ingest role is disabled"() {
    when:
    def chart = Chart.render('minimal.yaml', ['kafka.bootstrapServers': '', 'ingest.enabled': false])

    then:
    chart.all('Deployment').size() == 1
  }
}
