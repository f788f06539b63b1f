package io.tollgate.helm

import static io.tollgate.helm.Chart.Rendered.container
import static io.tollgate.helm.Chart.Rendered.env

import io.tollgate.rules.parse.GateParser
import spock.lang.Specification

class ChartRenderSpec extends Specification {

  void "the two roles run the same image with opposite switches"() {
    when:
    def chart = Chart.render('minimal.yaml')
    def api = chart.get('Deployment', 'tollgate-api')
    def ingest = chart.get('Deployment', 'tollgate-ingest')

    then:
    chart.all('Deployment').size() == 2
    container(api).image == container(ingest).image
    container(api).image == 'tollgate/tollgate:0.1.0'

    and:
    chart.plainEnv(api).TOLLGATE_INGEST_ENABLED == 'false'
    chart.plainEnv(api).TOLLGATE_EVALUATIONS_ENABLED == 'true'
    chart.plainEnv(ingest).TOLLGATE_INGEST_ENABLED == 'true'
    chart.plainEnv(api).TOLLGATE_SINGLE_NODE_ENABLED == 'false'
    chart.plainEnv(ingest).TOLLGATE_SINGLE_NODE_ENABLED == 'false'
    chart.plainEnv(ingest).TOLLGATE_EVALUATIONS_ENABLED == 'false'

    and: 'both roles share the database settings and never write a generated token'
    [api, ingest].every { chart.plainEnv(it).TOLLGATE_DB_URL == 'jdbc:postgresql://postgres.db.svc:5432/tollgate' }
    [api, ingest].every { chart.plainEnv(it).TOLLGATE_SECURITY_GENERATED_ADMIN_TOKEN_FILE == '' }

    and: 'only the ingest role is told where Kafka is'
    chart.plainEnv(ingest).TOLLGATE_INGEST_BOOTSTRAP_SERVERS == 'kafka-bootstrap.kafka.svc:9092'
    chart.plainEnv(ingest).TOLLGATE_INGEST_ENCODING == 'otlp_proto'
    !chart.plainEnv(api).containsKey('TOLLGATE_INGEST_BOOTSTRAP_SERVERS')
  }

  void "the retention pass runs on the api role only, with the ages the values give"() {
    when:
    def chart = Chart.render('minimal.yaml', ['retention.minutes': '7d', 'retention.batchSize': 2000])
    def api = chart.plainEnv(chart.get('Deployment', 'tollgate-api'))
    def ingest = chart.plainEnv(chart.get('Deployment', 'tollgate-ingest'))

    then:
    api.TOLLGATE_RETENTION_ENABLED == 'true'
    api.TOLLGATE_RETENTION_MINUTES == '7d'
    api.TOLLGATE_RETENTION_ROLLUPS == '400d'
    api.TOLLGATE_RETENTION_SIGNATURES == '90d'
    api.TOLLGATE_RETENTION_EVALUATIONS == '400d'
    api.TOLLGATE_RETENTION_TEST_RUNS == '180d'
    api.TOLLGATE_RETENTION_AUDIT == '400d'
    api.TOLLGATE_RETENTION_INTERVAL == '1h'
    api.TOLLGATE_RETENTION_BATCH_SIZE == '2000'
    ingest.TOLLGATE_RETENTION_ENABLED == 'false'
  }

  void "decision events: the api pods read the events config file, webhook secrets come from Secrets"() {
    when:
    def chart = Chart.render('minimal.yaml', [
        'events.publicUrl'                 : 'https://tollgate.example.com',
        'events.kafka.topic'               : 'tollgate.decisions',
        'events.webhooks[0].name'          : 'bot',
        'events.webhooks[0].url'           : 'https://bot.example.com/hook',
        'events.webhooks[0].existingSecret': 'hooks',
        'events.webhooks[0].secretKey'     : 'bot-hmac',
        'events.webhooks[1].name'          : 'chat',
        'events.webhooks[1].format'        : 'slack',
        'events.webhooks[1].existingSecret': 'hooks',
        'events.webhooks[1].urlKey'        : 'slack-url'])
    def api = chart.get('Deployment', 'tollgate-api')
    def env = Chart.Rendered.env(api)
    def config = new org.yaml.snakeyaml.Yaml().load(chart.get('ConfigMap', 'tollgate-events').data['events.yml'] as String)
    def ingest = Chart.Rendered.env(chart.get('Deployment', 'tollgate-ingest'))

    then:
    env.MICRONAUT_CONFIG_FILES.value == '/etc/tollgate/events/events.yml'
    env.TOLLGATE_EVENTS_WEBHOOK_0_SECRET.valueFrom.secretKeyRef == [name: 'hooks', key: 'bot-hmac']
    env.TOLLGATE_EVENTS_WEBHOOK_1_URL.valueFrom.secretKeyRef == [name: 'hooks', key: 'slack-url']
    config.tollgate.events['public-url'] == 'https://tollgate.example.com'
    config.tollgate.events.kafka.topic == 'tollgate.decisions'
    config.tollgate.events.kafka['bootstrap-servers'] != ''
    config.tollgate.events.webhooks[0].secret == '${TOLLGATE_EVENTS_WEBHOOK_0_SECRET}'
    config.tollgate.events.webhooks[1].url == '${TOLLGATE_EVENTS_WEBHOOK_1_URL}'
    config.tollgate.events.webhooks[1].format == 'slack'
    !ingest.containsKey('MICRONAUT_CONFIG_FILES')

    when: "off by default"
    def plain = Chart.render('minimal.yaml')

    then:
    plain.find('ConfigMap', 'tollgate-events') == null
    !Chart.Rendered.env(plain.get('Deployment', 'tollgate-api')).containsKey('MICRONAUT_CONFIG_FILES')
  }

  void "both roles are probed on the health endpoints of the http port"() {
    when:
    def chart = Chart.render('minimal.yaml')

    then:
    chart.all('Deployment').every { deployment ->
      def c = container(deployment)
      c.ports == [[name: 'http', containerPort: 8080, protocol: 'TCP']] &&
          c.startupProbe.httpGet == [path: '/health/liveness', port: 'http'] &&
          c.livenessProbe.httpGet == [path: '/health/liveness', port: 'http'] &&
          c.readinessProbe.httpGet == [path: '/health/readiness', port: 'http']
    }
  }

  void "pods run as a non-root user on a read-only root file system with writable /tmp and data"() {
    when:
    def chart = Chart.render('minimal.yaml')

    then:
    chart.all('Deployment').every { deployment ->
      def pod = deployment.spec.template.spec
      def c = container(deployment)
      def emptyDirs = pod.volumes.findAll { it.emptyDir != null }*.name as Set
      def writable = c.volumeMounts.findAll { it.name in emptyDirs }*.mountPath as Set
      pod.securityContext.runAsNonRoot == true &&
          pod.securityContext.runAsUser == 10001 &&
          c.securityContext.readOnlyRootFilesystem == true &&
          c.securityContext.allowPrivilegeEscalation == false &&
          c.securityContext.capabilities.drop == ['ALL'] &&
          writable == ['/tmp', '/app/data'] as Set &&
          pod.automountServiceAccountToken == false
    }
  }

  void "the api scales with an HPA and keeps a PodDisruptionBudget; ingest has a fixed replica count"() {
    when:
    def chart = Chart.render('minimal.yaml')
    def hpa = chart.get('HorizontalPodAutoscaler', 'tollgate-api')

    then:
    hpa.apiVersion == 'autoscaling/v2'
    hpa.spec.scaleTargetRef == [apiVersion: 'apps/v1', kind: 'Deployment', name: 'tollgate-api']
    hpa.spec.minReplicas == 2
    hpa.spec.maxReplicas == 6
    hpa.spec.metrics[0].resource.target.averageUtilization == 70
    !chart.get('Deployment', 'tollgate-api').spec.containsKey('replicas')

    and:
    chart.get('PodDisruptionBudget', 'tollgate-api').spec.minAvailable == 1
    chart.get('PodDisruptionBudget', 'tollgate-api').spec.selector.matchLabels ==
        chart.get('Deployment', 'tollgate-api').spec.template.metadata.labels
    chart.get('PodDisruptionBudget', 'tollgate-ingest').spec.maxUnavailable == 1
    chart.get('Deployment', 'tollgate-ingest').spec.replicas == 2
  }

  void "without autoscaling the api has a fixed replica count and no HPA"() {
    when:
    def chart = Chart.render('minimal.yaml', ['api.autoscaling.enabled': false, 'api.replicaCount': 3])

    then:
    chart.all('HorizontalPodAutoscaler').isEmpty()
    chart.get('Deployment', 'tollgate-api').spec.replicas == 3
  }

  void "each Service selects the pods of its own role"() {
    when:
    def chart = Chart.render('minimal.yaml')
    def apiService = chart.get('Service', 'tollgate')
    def ingestService = chart.get('Service', 'tollgate-ingest')

    then:
    apiService.spec.selector == chart.get('Deployment', 'tollgate-api').spec.template.metadata.labels
    apiService.spec.ports == [[name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP']]
    ingestService.spec.clusterIP == 'None'
    ingestService.spec.selector == chart.get('Deployment', 'tollgate-ingest').spec.template.metadata.labels
    apiService.spec.selector != ingestService.spec.selector
  }

  void "with existing secrets every password, token and JAAS line is a secret reference"() {
    when:
    def chart = Chart.render('production.yaml')
    def api = chart.get('Deployment', 'tollgate-api')
    def ingest = chart.get('Deployment', 'tollgate-ingest')

    then: 'the chart creates no Secret of its own'
    chart.all('Secret').isEmpty()

    and:
    env(api).TOLLGATE_DB_PASSWORD.valueFrom.secretKeyRef == [name: 'tollgate-db', key: 'password']
    env(ingest).TOLLGATE_DB_PASSWORD.valueFrom.secretKeyRef == [name: 'tollgate-db', key: 'password']
    env(api).TOLLGATE_PROMETHEUS_BEARER_TOKEN.valueFrom.secretKeyRef == [name: 'tollgate-prometheus', key: 'token']
    env(ingest).TOLLGATE_INGEST_KAFKA_SASL_JAAS_CONFIG.valueFrom.secretKeyRef ==
        [name: 'tollgate-kafka', key: 'sasl.jaas.config']
    env(ingest).TOLLGATE_INGEST_KAFKA_SSL_TRUSTSTORE_PASSWORD.valueFrom.secretKeyRef ==
        [name: 'tollgate-kafka', key: 'truststore.password']

    and: 'only the role that needs a credential gets it'
    !env(api).containsKey('TOLLGATE_INGEST_KAFKA_SASL_JAAS_CONFIG')
    !env(ingest).containsKey('TOLLGATE_PROMETHEUS_BEARER_TOKEN')
    !env(ingest).containsKey('TOLLGATE_ADMIN_TOKEN_FILE')

    and: 'no credential-like variable carries a plain value, here or in a ConfigMap'
    [api, ingest].every { deployment ->
      chart.plainEnv(deployment).keySet().every { !(it =~ /PASSWORD|TOKEN$|JAAS|SECRET/) }
    }

    and: 'the admin token is a file from the existing Secret'
    chart.plainEnv(api).TOLLGATE_ADMIN_TOKEN_FILE == '/etc/tollgate/admin/token'
    api.spec.template.spec.volumes.find { it.name == 'admin-token' }.secret ==
        [secretName: 'tollgate-admin', defaultMode: 0400, items: [[key: 'admin-token', path: 'token']]]
    container(api).volumeMounts.find { it.name == 'admin-token' }.mountPath == '/etc/tollgate/admin'
  }

  void "Kafka over SASL_SSL: protocol, mechanism and a mounted truststore"() {
    when:
    def chart = Chart.render('production.yaml')
    def ingest = chart.get('Deployment', 'tollgate-ingest')
    def env = chart.plainEnv(ingest)

    then:
    env.TOLLGATE_INGEST_KAFKA_SECURITY_PROTOCOL == 'SASL_SSL'
    env.TOLLGATE_INGEST_KAFKA_SASL_MECHANISM == 'SCRAM-SHA-512'
    env.TOLLGATE_INGEST_KAFKA_SSL_TRUSTSTORE_LOCATION == '/etc/tollgate/kafka-tls/truststore.p12'
    env.TOLLGATE_INGEST_KAFKA_SSL_TRUSTSTORE_TYPE == 'PKCS12'
    env.TOLLGATE_INGEST_KAFKA_CLIENT_DNS_LOOKUP == 'use_all_dns_ips'
    ingest.spec.template.spec.volumes.find { it.name == 'kafka-tls' }.secret.secretName == 'tollgate-kafka'
    container(ingest).volumeMounts.find { it.name == 'kafka-tls' } ==
        [name: 'kafka-tls', mountPath: '/etc/tollgate/kafka-tls', readOnly: true]
    ingest.spec.replicas == 4
  }

  void "OTLP/HTTP and CDEvents from a topic on the api pods, with the external Kafka and its credentials"() {
    when:
    def chart = Chart.render('production.yaml', ['otlp.enabled': true, 'cdevents.kafka.topic': 'cdevents'])
    def api = chart.get('Deployment', 'tollgate-api')
    def plain = chart.plainEnv(api)

    then: 'the api role writes OTLP/HTTP exports to the ingest topics of the external Kafka and reads CDEvents'
    plain.TOLLGATE_OTLP_ENABLED == 'true'
    plain.TOLLGATE_INGEST_ENABLED == 'false'
    plain.TOLLGATE_SINGLE_NODE_ENABLED == 'false'
    plain.TOLLGATE_INGEST_BOOTSTRAP_SERVERS == chart.plainEnv(chart.get('Deployment', 'tollgate-ingest')).TOLLGATE_INGEST_BOOTSTRAP_SERVERS
    plain.TOLLGATE_INGEST_SPAN_TOPICS == 'otlp_spans'
    plain.TOLLGATE_INGEST_METRIC_TOPICS == 'otlp_metrics'
    plain.TOLLGATE_OTLP_MAX_BODY_SIZE == '8MB'
    plain.TOLLGATE_CDEVENTS_KAFKA_TOPIC == 'cdevents'
    plain.TOLLGATE_CDEVENTS_KAFKA_DEAD_LETTER_TOPIC == 'cdevents_dead_letter'

    and: 'with the same secret references and TLS mount as the ingest role'
    env(api).TOLLGATE_INGEST_KAFKA_SASL_JAAS_CONFIG.valueFrom.secretKeyRef == [name: 'tollgate-kafka', key: 'sasl.jaas.config']
    plain.TOLLGATE_INGEST_KAFKA_SECURITY_PROTOCOL == 'SASL_SSL'
    container(api).volumeMounts.find { it.name == 'kafka-tls' }.mountPath == '/etc/tollgate/kafka-tls'
    api.spec.template.spec.volumes.find { it.name == 'kafka-tls' }.secret.secretName == 'tollgate-kafka'
  }

  void "by default the api pods serve no OTLP/HTTP and read no CDEvents topic"() {
    when:
    def plain = Chart.render('minimal.yaml').with { it.plainEnv(it.get('Deployment', 'tollgate-api')) }

    then:
    plain.TOLLGATE_OTLP_ENABLED == 'false'
    !plain.containsKey('TOLLGATE_CDEVENTS_KAFKA_TOPIC')
    !plain.containsKey('TOLLGATE_INGEST_BOOTSTRAP_SERVERS')
  }

  void "values given inline go into a Secret the chart creates, and a change rolls the pods"() {
    when:
    def chart = Chart.render([Chart.example('api-only.yaml')], [
      'database.existingSecret': '', 'database.password': 's3cret-db',
      'adminToken.existingSecret': '', 'adminToken.value': 'a-bootstrap-token-of-32-characters'])
    def changed = Chart.render([Chart.example('api-only.yaml')], [
      'database.existingSecret': '', 'database.password': 'another-db-password',
      'adminToken.existingSecret': '', 'adminToken.value': 'a-bootstrap-token-of-32-characters'])
    def secret = chart.get('Secret', 'tollgate')
    def api = chart.get('Deployment', 'tollgate-api')

    then:
    new String(secret.data['db-password'].decodeBase64()) == 's3cret-db'
    new String(secret.data['admin-token'].decodeBase64()) == 'a-bootstrap-token-of-32-characters'
    env(api).TOLLGATE_DB_PASSWORD.valueFrom.secretKeyRef == [name: 'tollgate', key: 'db-password']
    api.spec.template.spec.volumes.find { it.name == 'admin-token' }.secret.items == [[key: 'admin-token', path: 'token']]
    !chart.text.contains('s3cret-db')

    and:
    checksum(chart, 'secret') != checksum(changed, 'secret')
    checksum(chart, 'config') == checksum(changed, 'config')
  }

  void "a configuration change rolls the pods through the config checksum"() {
    expect:
    checksum(Chart.render('minimal.yaml'), 'config') !=
        checksum(Chart.render('minimal.yaml', ['database.poolSize': 20]), 'config')
  }

  void "with ingest disabled only the api role is deployed"() {
    when:
    def chart = Chart.render('api-only.yaml')

    then:
    chart.all('Deployment')*.metadata*.name == ['tollgate-api']
    chart.find('Service', 'tollgate-ingest') == null
    chart.find('PodDisruptionBudget', 'tollgate-ingest') == null
    chart.find('ConfigMap', 'tollgate-ingest') == null
    chart.plainEnv(chart.get('Deployment', 'tollgate-api')).TOLLGATE_INGEST_ENABLED == 'false'
    chart.plainEnv(chart.get('Deployment', 'tollgate-api')).TOLLGATE_PROMETHEUS_URL ==
        'http://prometheus-operated.monitoring.svc:9090'
  }

  void "Ingress, ServiceMonitor and NetworkPolicy are off by default"() {
    when:
    def chart = Chart.render('minimal.yaml')

    then:
    chart.all('Ingress').isEmpty()
    chart.all('ServiceMonitor').isEmpty()
    chart.all('NetworkPolicy').isEmpty()
  }

  void "Ingress, ServiceMonitor and NetworkPolicy point at the right pods and ports when enabled"() {
    when:
    def chart = Chart.render('production.yaml')
    def ingress = chart.get('Ingress', 'tollgate')
    def monitor = chart.get('ServiceMonitor', 'tollgate')
    def apiPolicy = chart.get('NetworkPolicy', 'tollgate-api')
    def ingestPolicy = chart.get('NetworkPolicy', 'tollgate-ingest')

    then:
    ingress.spec.ingressClassName == 'nginx'
    ingress.spec.rules[0].host == 'tollgate.example.com'
    ingress.spec.rules[0].http.paths[0].backend.service == [name: 'tollgate', port: [name: 'http']]
    ingress.spec.tls == [[secretName: 'tollgate-tls', hosts: ['tollgate.example.com']]]

    and: 'one ServiceMonitor scrapes both Services'
    monitor.apiVersion == 'monitoring.coreos.com/v1'
    monitor.metadata.labels.release == 'kube-prometheus-stack'
    monitor.spec.endpoints == [[port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s']]
    chart.all('Service').every { service -> service.metadata.labels.entrySet().containsAll(monitor.spec.selector.matchLabels.entrySet()) }
    chart.all('Service').size() == 2

    and:
    apiPolicy.spec.podSelector.matchLabels == chart.get('Deployment', 'tollgate-api').spec.template.metadata.labels
    apiPolicy.spec.ingress[0].from*.namespaceSelector*.matchLabels*.get('kubernetes.io/metadata.name') ==
        ['ingress-nginx', 'ci', 'monitoring']
    ingestPolicy.spec.podSelector.matchLabels == chart.get('Deployment', 'tollgate-ingest').spec.template.metadata.labels
    ingestPolicy.spec.ingress[0].from*.namespaceSelector*.matchLabels*.get('kubernetes.io/metadata.name') == ['monitoring']
  }

  void "a NetworkPolicy without metricsFrom closes the ingest pods and opens the api to its namespace"() {
    when:
    def chart = Chart.render('minimal.yaml', ['networkPolicy.enabled': true])

    then:
    chart.get('NetworkPolicy', 'tollgate-ingest').spec.ingress == []
    chart.get('NetworkPolicy', 'tollgate-api').spec.ingress[0].from == [[podSelector: [:]]]
  }

  void "inline gate files are valid gates, mounted where the api role loads them"() {
    when:
    def chart = Chart.render('production.yaml')
    def gates = chart.get('ConfigMap', 'tollgate-gates')
    def api = chart.get('Deployment', 'tollgate-api')
    def mount = container(api).volumeMounts.find { it.name == 'gates' }

    then:
    gates.data.keySet() == ['checkout-canary.yaml'] as Set
    GateParser.parse('checkout-canary.yaml', gates.data['checkout-canary.yaml']).ok()
    GateParser.parse('checkout-canary.yaml', gates.data['checkout-canary.yaml']).gate().get().metadata().name() == 'checkout-canary'

    and:
    api.spec.template.spec.volumes.find { it.name == 'gates' }.configMap.name == 'tollgate-gates'
    mount.mountPath == chart.plainEnv(api).TOLLGATE_GATES_DIRECTORY
    mount.readOnly
    !mount.containsKey('subPath') // a subPath mount would never see ConfigMap updates

    and: 'the ingest role does not load gates'
    !chart.plainEnv(chart.get('Deployment', 'tollgate-ingest')).containsKey('TOLLGATE_GATES_DIRECTORY')
  }

  void "an existing gates ConfigMap is mounted instead of rendering one"() {
    when:
    def chart = Chart.render('minimal.yaml', ['gates.existingConfigMap': 'team-gates'])

    then:
    chart.all('ConfigMap')*.metadata*.name.sort() == ['tollgate-config', 'tollgate-ingest']
    chart.get('Deployment', 'tollgate-api').spec.template.spec.volumes.find { it.name == 'gates' }.configMap.name == 'team-gates'
  }

  void "without gates no directory is configured"() {
    when:
    def chart = Chart.render('minimal.yaml')

    then:
    !chart.plainEnv(chart.get('Deployment', 'tollgate-api')).containsKey('TOLLGATE_GATES_DIRECTORY')
    chart.get('Deployment', 'tollgate-api').spec.template.spec.volumes.every { it.name != 'gates' }
  }

  private static String checksum(Chart.Rendered chart, String what) {
    chart.get('Deployment', 'tollgate-api').spec.template.metadata.annotations["checksum/$what"]
  }
}
