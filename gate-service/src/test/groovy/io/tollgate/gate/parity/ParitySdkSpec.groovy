package io.tollgate.gate.parity

import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.opentelemetry.api.common.AttributeKey
import io.opentelemetry.api.common.Attributes
import io.opentelemetry.api.trace.SpanKind
import io.opentelemetry.api.trace.Tracer
import io.opentelemetry.context.Context
import io.opentelemetry.instrumentation.resources.ContainerResource
import io.opentelemetry.instrumentation.resources.HostResource
import io.opentelemetry.instrumentation.resources.OsResource
import io.opentelemetry.instrumentation.resources.ProcessResource
import io.opentelemetry.instrumentation.resources.ProcessRuntimeResource
import io.opentelemetry.sdk.common.internal.OtelVersion
import io.opentelemetry.sdk.resources.Resource
import io.opentelemetry.sdk.trace.SdkTracerProvider
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor
import io.tollgate.gate.ApiClient
import io.tollgate.gate.otlp.OtlpWire
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.SpanQuery
import io.tollgate.testsupport.KafkaFixture
import java.time.Duration
import java.time.Instant
import jakarta.inject.Inject
import java.util.concurrent.ThreadLocalRandom
import java.util.concurrent.TimeUnit
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * Environment parity from what real OpenTelemetry SDKs send, not from hand-built spans.
 *
 * <p>Java: the OpenTelemetry Java SDK with its own resource detectors (ProcessRuntimeResource,
 * OsResource, HostResource, ContainerResource, ProcessResource of opentelemetry-resources, as the
 * Java agent and the Spring starter use them) exports over OTLP/HTTP to the running service, which
 * writes to a real Kafka broker, from which ingest records the facts. The client spans carry what
 * the Java agent's instrumentations set: the JDK HTTP client (stable HTTP conventions:
 * {@code server.address}, {@code url.full}), JDBC (by default {@code db.system}; with
 * {@code OTEL_SEMCONV_STABILITY_OPT_IN=database} {@code db.system.name}) and the Kafka producer
 * ({@code messaging.system}, no address). Each environment runs two instances (pods) whose
 * {@code service.instance.id}, {@code host.name}, {@code container.id} and {@code process.pid}
 * differ, and calls its dependencies by their Kubernetes names in its own namespace.
 *
 * <p>Python: OTLP/JSON as the Collector's JSON marshaler writes what the Python SDK sends
 * (test resource {@code otlp/python-flask-collector.json}: SDK 1.19.0 with the 0.40b0
 * auto-instrumentation, a Flask server span and requests/psycopg2 client spans in the older
 * conventions: {@code http.url}, {@code net.peer.name}), without an environment as captured, then
 * with the attributes {@code OTEL_RESOURCE_ATTRIBUTES} and the Python SDK's ProcessResourceDetector
 * and OsResourceDetector add.
 */
@MicronautTest
@Stepwise
class ParitySdkSpec extends Specification implements TestPropertyProvider {
  static final String AGENT = '2.20.1-alpha'
  static final String JVM = System.getProperty('java.runtime.version')
  /** The runtime staging's checkout was upgraded to (any other than this JVM's). */
  static final String OTHER_JVM = JVM.startsWith('21.') ? '17.0.13+11' : '21.0.5+11'
  /** Resource attributes that differ between two instances of one set-up: never facts. */
  static final List<String> PER_INSTANCE = ['service.instance.id', 'host.name', 'host.id', 'container.id',
      'process.pid', 'process.parent_pid', 'process.executable.path', 'process.executable.name', 'process.command',
      'process.command_line', 'process.command_args', 'process.owner']

  @Shared KafkaFixture kafka
  @Shared Map<String, String> tokens = [:]

  @Inject EmbeddedServer server
  @Inject AggregateReader reader

  @Override
  Map<String, String> getProperties() {
    kafka = ParityIngest.broker()
    ParityIngest.properties(kafka)
  }

  def cleanupSpec() {
    kafka?.close()
  }

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "parity-sdk-$role", role: role]).body.token }
  }

  Map parity(String service, String from = 'staging', String to = 'production') {
    api().get("/api/v1/parity?service=$service&from=$from&to=$to&window=1h", token('viewer'))
  }

  /** What the SDK's resource detectors find for this JVM and machine. */
  static Resource detected() {
    Resource.getDefault().merge(ProcessRuntimeResource.get()).merge(OsResource.get()).merge(HostResource.get())
        .merge(ContainerResource.get()).merge(ProcessResource.get())
  }

  /** One instance (pod) of a service: the detectors' resource, then the configured and per-pod attributes. */
  static Resource instance(String service, String version, String environment, Map<String, String> configured = [:]) {
    def random = ThreadLocalRandom.current()
    def b = Attributes.builder().put('service.name', service).put('service.version', version)
        .put('deployment.environment.name', environment)
        .put('service.instance.id', UUID.randomUUID().toString())
        .put('host.name', "$service-${Long.toString(random.nextLong(1L << 40), 36)}".toString())
        .put('container.id', (1..4).collect { String.format('%016x', random.nextLong()) }.join())
        .put('process.pid', random.nextLong(2, 1 << 22))
    configured.each { k, v -> b.put(k, v) }
    detected().merge(Resource.create(b.build()))
  }

  /** Runs {@code traffic} on a tracer provider of {@code resource} exporting to Tollgate over OTLP/HTTP. */
  void send(Resource resource, Closure traffic) {
    def provider = SdkTracerProvider.builder().setResource(resource)
        .addSpanProcessor(BatchSpanProcessor.builder(OtlpWire.spanExporter(server.URI, token('pipeline'), false)).build())
        .build()
    try {
      traffic(provider)
      assert provider.forceFlush().join(30, TimeUnit.SECONDS).success
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS)
    }
  }

  static Tracer tracer(SdkTracerProvider provider, String instrumentation) {
    provider.tracerBuilder("io.opentelemetry.$instrumentation").setInstrumentationVersion(AGENT).build()
  }

  /** A server span and its calls, with the attributes the agent's instrumentations set. */
  static void checkout(SdkTracerProvider p, String route, String namespace, List<String> peers, boolean stableDb) {
    def root = tracer(p, 'tomcat-10.0').spanBuilder("POST $route").setSpanKind(SpanKind.SERVER)
        .setAttribute('http.request.method', 'POST').setAttribute('http.route', route).setAttribute('url.path', route)
        .setAttribute('url.scheme', 'http').setAttribute('http.response.status_code', 200L).startSpan()
    def parent = Context.current().with(root)
    peers.each { peer ->
      def host = "$peer.${namespace}.svc.cluster.local".toString()
      tracer(p, 'java-http-client').spanBuilder('POST').setParent(parent).setSpanKind(SpanKind.CLIENT)
          .setAttribute('http.request.method', 'POST').setAttribute('url.full', "http://$host:8080/v1/$peer".toString())
          .setAttribute('server.address', host).setAttribute('server.port', 8080L)
          .setAttribute('network.protocol.version', '1.1').setAttribute('http.response.status_code', 200L)
          .startSpan().end()
    }
    def db = "orders-db.${namespace}.svc.cluster.local".toString()
    def jdbc = tracer(p, 'jdbc').spanBuilder(stableDb ? 'INSERT orders' : 'INSERT orders.orders').setParent(parent)
        .setSpanKind(SpanKind.CLIENT).setAttribute('server.address', db).setAttribute('server.port', 5432L)
    if (stableDb) {
      jdbc.setAttribute('db.system.name', 'postgresql').setAttribute('db.namespace', 'orders')
          .setAttribute('db.query.text', 'insert into orders (id, total) values (?, ?)')
          .setAttribute('db.operation.name', 'INSERT').setAttribute('db.collection.name', 'orders')
    } else {
      jdbc.setAttribute('db.system', 'postgresql').setAttribute('db.name', 'orders').setAttribute('db.user', 'app')
          .setAttribute('db.connection_string', "postgresql://$db:5432".toString())
          .setAttribute('db.statement', 'insert into orders (id, total) values (?, ?)')
          .setAttribute('db.operation', 'INSERT').setAttribute('db.sql.table', 'orders')
    }
    jdbc.startSpan().end()
    tracer(p, 'kafka-clients-0.11').spanBuilder('orders publish').setParent(parent).setSpanKind(SpanKind.PRODUCER)
        .setAttribute('messaging.system', 'kafka').setAttribute('messaging.destination.name', 'orders')
        .setAttribute('messaging.operation', 'publish').setAttribute('messaging.client_id', 'producer-1')
        .setAttribute('messaging.destination.partition.id', '0').setAttribute('messaging.kafka.message.offset', 17L)
        .startSpan().end()
    root.end()
  }

  static void serves(SdkTracerProvider p, String route) {
    tracer(p, 'tomcat-10.0').spanBuilder("POST $route").setSpanKind(SpanKind.SERVER)
        .setAttribute('http.request.method', 'POST').setAttribute('http.route', route)
        .setAttribute('http.response.status_code', 200L).startSpan().end()
  }

  /** The facts of this JVM as the SDK's detectors report them, with the set-up's database and Kafka and {@code dependencies}. */
  static Map<String, String> javaFacts(String version, Map<String, String> dependencies) {
    def resource = detected()
    def facts = ['service.version'         : version,
                 'process.runtime.name'    : System.getProperty('java.runtime.name'),
                 'process.runtime.version' : JVM,
                 'process.runtime.description': resource.getAttribute(AttributeKey.stringKey('process.runtime.description')),
                 'telemetry.sdk.name'      : 'opentelemetry',
                 'telemetry.sdk.language'  : 'java',
                 'telemetry.sdk.version'   : OtelVersion.VERSION,
                 'os.type'                 : resource.getAttribute(AttributeKey.stringKey('os.type')),
                 'os.description'          : resource.getAttribute(AttributeKey.stringKey('os.description')),
                 'host.arch'               : resource.getAttribute(AttributeKey.stringKey('host.arch')),
                 'dependency.address/orders-db': 'called',
                 'dependency.db/postgresql'    : 'called',
                 'dependency.messaging/kafka'  : 'called'] + dependencies
    facts.findAll { k, v -> v != null }
  }

  void "two Java services in production and staging export through the SDK, two pods each"() {
    when: 'cart runs the same set-up in both (staging with the stable database conventions switched on)'
    ['production', 'staging'].each { env ->
      2.times {
        send(instance('payments', '2.3.1', env)) { serves(it, '/v1/payments') }
        send(instance('cart', '3.1.0', env)) { checkout(it, '/cart', "shop-$env", ['payments'], env == 'staging') }
      }
    }

    and: 'checkout is tested in staging against another fraud version and on another JVM'
    send(instance('fraud', '2.0.0', 'production')) { serves(it, '/v1/fraud') }
    send(instance('fraud', '2.1.0', 'staging')) { serves(it, '/v1/fraud') }
    2.times {
      send(instance('checkout', '1.4.2', 'production')) { checkout(it, '/checkout', 'shop-production', ['payments', 'fraud'], false) }
      send(instance('checkout', '1.4.2', 'staging', ['process.runtime.version': OTHER_JVM])) {
        checkout(it, '/checkout', 'shop-staging', ['payments', 'fraud'], false)
      }
    }

    then:
    new PollingConditions(timeout: 60, delay: 0.3).eventually {
      def cart = parity('cart')
      assert cart.status == 200 && cart.body.facts.size() == javaFacts('3.1.0', [:]).size() + 1
      def checkout = parity('checkout')
      assert checkout.status == 200
      assert checkout.body.facts.find { it.fact == 'dependency.address/fraud' }?.toValue == '2.0.0'
      assert checkout.body.facts.find { it.fact == 'dependency.address/fraud' }?.fromValue == '2.1.0'
      assert checkout.body.facts.find { it.fact == 'dependency.address/payments' }?.toValue == '2.3.1'
    }
  }

  void "the facts are what the SDK sent: this JVM's runtime, the SDK's version; nothing per instance"() {
    when:
    def r = parity('cart')
    Map<String, String> staging = r.body.facts.collectEntries { [(it.fact): it.fromValue] }
    Map<String, String> production = r.body.facts.collectEntries { [(it.fact): it.toValue] }

    then:
    production == javaFacts('3.1.0', ['dependency.address/payments': '2.3.1'])
    staging == production
    production['process.runtime.version'] == System.getProperty('java.runtime.version')
    production['telemetry.sdk.version'] == OtelVersion.VERSION
    production['process.runtime.name'] == System.getProperty('java.runtime.name')

    and: 'no spurious differences between two environments running the same set-up'
    r.body.differences == []
    r.body.facts.every { !it.differs }
    r.body.facts*.fact.every { fact -> PER_INSTANCE.every { !fact.startsWith(it) } }
  }

  void "checkout lists exactly the intended differences: the fraud version tested against and the runtime"() {
    when:
    def r = parity('checkout')

    then:
    r.body.differences == [
        [fact: 'dependency.address/fraud', factKind: 'dependency', from: '2.1.0', to: '2.0.0', kind: 'differs'],
        [fact: 'process.runtime.version', factKind: 'runtime', from: OTHER_JVM, to: JVM, kind: 'differs']]
    r.body.facts.findAll { !it.differs }.collectEntries { [(it.fact): it.toValue] } ==
        javaFacts('1.4.2', ['dependency.address/payments': '2.3.1']).findAll { it.key != 'process.runtime.version' }

    and: 'the other direction mirrors it'
    parity('checkout', 'production', 'staging').body.differences*.fact == ['dependency.address/fraud', 'process.runtime.version']
  }

  /** The Collector-written Python line, its spans moved to now, its resource extended by {@code attributes}. */
  static String pythonLine(Map<String, Object> attributes) {
    def line = new JsonSlurper().parse(ParitySdkSpec.getResource('/otlp/python-flask-collector.json'))
    long now = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L
    line.resourceSpans.each { rs ->
      rs.resource.attributes = rs.resource.attributes.findAll { !attributes.containsKey(it.key) } +
          attributes.collect { k, v -> [key: k, value: v instanceof List ? [arrayValue: [values: v.collect { [stringValue: it] }]]
              : v instanceof Long ? [intValue: v.toString()] : [stringValue: v]] }
      rs.scopeSpans*.spans.flatten().eachWithIndex { span, i ->
        span.startTimeUnixNano = (now + i * 1_000_000L).toString()
        span.endTimeUnixNano = (now + i * 1_000_000L + 500_000L).toString()
      }
    }
    JsonOutput.toJson(line)
  }

  int postJson(String json) {
    OtlpWire.post(server.URI, '/v1/traces', token('pipeline'), 'application/json', json.getBytes('UTF-8')).statusCode()
  }

  /** A pod of the Python service as its SDK's detectors describe it (ProcessResourceDetector, OsResourceDetector). */
  static Map<String, Object> pythonPod(String environment, int pod) {
    ['service.name'               : 'dice',
     'service.version'            : '0.9.0',
     'deployment.environment.name': environment,
     'service.instance.id'        : UUID.randomUUID().toString(),
     'host.name'                  : "dice-5d8f7-$environment-$pod".toString(),
     'process.pid'                : 7L + pod,
     'process.parent_pid'         : 1L,
     'process.runtime.name'       : 'cpython',
     'process.runtime.version'    : '3.11.4',
     'process.runtime.description': '3.11.4 (main, Jun  7 2023, 10:13:09) [GCC 12.2.0]',
     'process.executable.name'    : '/usr/local/bin/python3.11',
     'process.executable.path'    : '/usr/local/bin',
     'process.command'            : '/app/app.py',
     'process.command_line'       : "/app/app.py --port 500$pod".toString(),
     'process.command_args'       : ['--port', "500$pod".toString()],
     'os.type'                    : 'linux',
     'os.version'                 : '6.1.0-18-amd64']
  }

  void "OTLP/JSON the Collector wrote from the Python SDK: facts without spurious differences; no environment, no facts"() {
    when:
    def asCaptured = postJson(pythonLine([:]))
    def pods = ['production', 'staging'].collectMany { env -> (1..2).collect { postJson(pythonLine(pythonPod(env, it))) } }

    then:
    asCaptured == 200
    pods.every { it == 200 }
    new PollingConditions(timeout: 60, delay: 0.3).eventually {
      def r = parity('dice')
      assert r.status == 200 && r.body.fromFacts == 13 && r.body.toFacts == 13
    }

    when:
    def r = parity('dice')

    then: 'the old-convention http.url names payments, whose version the Java payments pods report'
    r.body.differences == []
    r.body.facts.collectEntries { [(it.fact): it.toValue] } == [
        'dependency.address/orders-db': 'called', 'dependency.address/payments': '2.3.1', 'dependency.db/postgresql': 'called',
        'os.type': 'linux', 'os.version': '6.1.0-18-amd64', 'process.runtime.description': '3.11.4 (main, Jun  7 2023, 10:13:09) [GCC 12.2.0]',
        'process.runtime.name': 'cpython', 'process.runtime.version': '3.11.4', 'service.version': '0.9.0',
        'telemetry.auto.version': '0.40b0', 'telemetry.sdk.language': 'python', 'telemetry.sdk.name': 'opentelemetry',
        'telemetry.sdk.version': '1.19.0']

    and: 'the line as captured names no environment: its span was counted, its service has no facts'
    new PollingConditions(timeout: 30, delay: 0.3).eventually {
      def now = Instant.now()
      assert reader.operations(SpanQuery.of('unknown_service', now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1))))
          .sum { it.requests() } == 1
    }
    parity('unknown_service').status == 404
  }
}
