package io.tollgate.helm

import static io.tollgate.helm.Chart.Rendered.container

import groovy.json.JsonSlurper
import io.tollgate.testsupport.FreePort
import io.tollgate.testsupport.KafkaFixture
import io.tollgate.testsupport.PostgresFixture
import java.net.http.HttpClient
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerRecord
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.util.concurrent.TimeUnit
import org.yaml.snakeyaml.Yaml
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/**
 * The rendered chart, run: each Deployment's container is started as a process of the real jar
 * with exactly the environment, files and Secrets the chart gives it (mount paths mapped to
 * directories laid out as the kubelet lays them out), against a real PostgreSQL and Kafka.
 */
class ChartEnvironmentIT extends Specification {

  static final String ADMIN = 'chart-admin-token-0123456789abcdef'

  @Shared @AutoCleanup KafkaFixture kafka
  @Shared @AutoCleanup PostgresFixture postgres
  @Shared Path root = Files.createTempDirectory('tollgate-chart')
  @Shared Chart.Rendered chart
  @Shared Map<String, Pod> pods = [:]
  @Shared HttpClient http = HttpClient.newHttpClient()

  def setupSpec() {
    Path jar = Path.of(System.getProperty('tollgate.jar', '../gate-service/target/tollgate.jar'))
    assert Files.exists(jar): "build gate-service first: $jar"
    postgres = PostgresFixture.start()
    kafka = KafkaFixture.start()
    ['otlp_spans', 'otlp_metrics', 'otlp_dead_letter'].each { kafka.createTopic(it, 2) }

    // the production example's gate, reloaded every second
    Map production = new Yaml().load(Files.readString(Chart.example('production.yaml')))
    Path gates = root.resolve('gates-values.yaml')
    Files.writeString(gates, new Yaml().dump([gates: [files: production.gates.files, pollInterval: '1s']]))
    chart = Chart.render([Chart.example('minimal.yaml'), gates], [
      'database.url': postgres.jdbcUrl(),
      'database.user': postgres.user(),
      'kafka.bootstrapServers': kafka.bootstrapServers(),
      'jvmOptions': '-Xmx256m -XX:+ExitOnOutOfMemoryError',
      'kafka.properties.client\\.id': 'chart-ingest',
    ])
    // the Secrets minimal.yaml names, as an operator would have created them
    Map<String, Map<String, String>> secrets = [
      'tollgate-db': [password: postgres.password()],
      'tollgate-admin': ['admin-token': ADMIN],
    ]
    chart.all('Deployment').each { deployment ->
      pods[deployment.metadata.name] = new Pod(deployment, chart, secrets, root, jar)
    }
    new PollingConditions(timeout: 90, delay: 0.5).eventually {
      pods.values().each { pod ->
        assert pod.process.alive: "${pod.name} exited:\n${pod.log()}"
        assert get(pod, '/health/readiness').statusCode() == 200
      }
    }
  }

  def cleanupSpec() {
    pods.values()*.stop()
  }

  void "both roles become ready on PostgreSQL and Kafka with the chart's environment"() {
    expect:
    pods.keySet() == ['tollgate-api', 'tollgate-ingest'] as Set
    pods.values().every { json(get(it, '/health/readiness')).status == 'UP' }
  }

  void "the api role accepts the admin token mounted from its Secret and generates none"() {
    when:
    def me = get(pods['tollgate-api'], '/api/v1/whoami', ADMIN)

    then:
    me.statusCode() == 200
    json(me).role == 'admin'
    get(pods['tollgate-api'], '/api/v1/whoami', 'not-the-admin-token-at-all').statusCode() == 401
    pods.values().every { !Files.exists(it.workDir.resolve('data/admin.token')) }
  }

  void "only the ingest role consumes the span topic, and sends what it cannot decode to the dead-letter topic"() {
    when:
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { producer ->
      producer.send(new ProducerRecord<byte[], byte[]>('otlp_spans', 'not an OTLP export'.bytes)).get()
    }

    then:
    new PollingConditions(timeout: 30, delay: 0.5).eventually {
      String metrics = get(pods['tollgate-ingest'], '/metrics').body()
      assert metrics.contains('tollgate_ingest_records_total{topic="otlp_spans"} 1.0')
      assert metrics.contains('tollgate_ingest_dead_letters_total{topic="otlp_spans"} 1.0')
    }
    !get(pods['tollgate-api'], '/metrics').body().contains('tollgate_ingest_')
    pods['tollgate-ingest'].log().contains('ingest consuming')
    !pods['tollgate-api'].log().contains('ingest consuming')
  }

  void "a dotted Kafka client property from kafka.properties reaches the consumer"() {
    expect:
    chart.plainEnv(chart.get('Deployment', 'tollgate-ingest')).TOLLGATE_INGEST_KAFKA_CLIENT_ID == 'chart-ingest'
    kafka.admin().withCloseable { admin ->
      admin.describeConsumerGroups(['tollgate-ingest']).all().get()['tollgate-ingest'].members()*.clientId()
    } == ['chart-ingest']
  }

  void "gates from the mounted ConfigMap are loaded, and an edit is picked up without a restart"() {
    given:
    def api = pods['tollgate-api']

    expect:
    gate(api, 'checkout-canary')?.latestVersion == 1

    when: 'the kubelet swaps the ConfigMap volume to new content'
    Map data = chart.get('ConfigMap', 'tollgate-gates').data
    String edited = data['checkout-canary.yaml'].replace('owner: team-payments', 'owner: team-checkout')
    api.updateConfigMapVolume('gates', ['checkout-canary.yaml': edited])

    then:
    new PollingConditions(timeout: 45, delay: 0.5).eventually {
      assert gate(api, 'checkout-canary')?.latestVersion == 2
      assert gate(api, 'checkout-canary').owner == 'team-checkout'
    }
    api.process.alive
  }

  private Map gate(Pod pod, String name) {
    def response = get(pod, '/api/v1/gates', ADMIN)
    assert response.statusCode() == 200
    (json(response) as List<Map>).find { it.name == name }
  }

  private HttpResponse<String> get(Pod pod, String path, String token = null) {
    def request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:${pod.port}$path"))
    if (token) {
      request.header('Authorization', "Bearer $token")
    }
    try {
      http.send(request.build(), HttpResponse.BodyHandlers.ofString())
    } catch (IOException e) {
      throw new AssertionError("${pod.name} not answering on $path: $e", e)
    }
  }

  private static Object json(HttpResponse<String> response) {
    new JsonSlurper().parseText(response.body())
  }

  /** One Deployment's container as a local process, its volumes as local directories. */
  static final class Pod {
    final String name
    final Path dir
    final Path workDir
    final int port = FreePort.loopback()
    final Map<String, Path> volumes = [:]
    final Process process

    Pod(Map deployment, Chart.Rendered chart, Map<String, Map<String, String>> secrets, Path root, Path jar) {
      name = deployment.metadata.name
      dir = Files.createDirectories(root.resolve(name))
      workDir = Files.createDirectories(dir.resolve('app'))
      def spec = deployment.spec.template.spec
      def c = container(deployment)
      Map<String, String> mounts = [:]
      c.volumeMounts.each { mount ->
        Map volume = spec.volumes.find { it.name == mount.name }
        Path local = mount.mountPath == '/app/data'
            ? Files.createDirectories(workDir.resolve('data'))
            : Files.createDirectories(dir.resolve('volumes').resolve(mount.name))
        if (volume.configMap) {
          atomicWrite(local, chart.get('ConfigMap', volume.configMap.name).data as Map)
        } else if (volume.secret) {
          Map<String, String> data = secrets[volume.secret.secretName]
          assert data != null: "no Secret ${volume.secret.secretName} for $name"
          Map<String, String> files = volume.secret.items
              ? volume.secret.items.collectEntries { [(it.path): data[it.key]] }
              : data
          atomicWrite(local, files)
        }
        volumes[mount.name] = local
        mounts[mount.mountPath as String] = local.toString()
      }

      Map<String, String> env = new LinkedHashMap(chart.plainEnv(deployment))
      Chart.Rendered.env(deployment).each { envName, entry ->
        def ref = entry.valueFrom?.secretKeyRef
        if (ref) {
          env[envName] = secrets[ref.name]?.get(ref.key)
          assert env[envName] != null: "no key ${ref.key} in Secret ${ref.name} for $name"
        }
      }
      // paths under a mount point to the directory standing in for it
      env.each { key, value ->
        mounts.each { mountPath, local ->
          if (value == mountPath || value?.startsWith(mountPath + '/')) {
            env[key] = local + value.substring(mountPath.length())
          }
        }
      }
      // the one change a pod does not need: two "pods" share this machine's loopback
      env.MICRONAUT_SERVER_PORT = port.toString()
      env.MICRONAUT_SERVER_HOST = '127.0.0.1'

      def builder = new ProcessBuilder(c.command ?: ['java', '-jar', jar.toAbsolutePath().toString()])
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve('pod.log').toFile())
      builder.environment().keySet().removeIf { it.startsWith('TOLLGATE_') || it.startsWith('MICRONAUT_') }
      builder.environment().putAll(env)
      process = builder.start()
    }

    String log() {
      Files.readString(dir.resolve('pod.log'))
    }

    void updateConfigMapVolume(String volume, Map<String, String> data) {
      atomicWrite(volumes[volume], data)
    }

    void stop() {
      process.destroy()
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly()
      }
    }

    /**
     * The kubelet's layout of a ConfigMap or Secret volume: the files live in a timestamped
     * directory, {@code ..data} links to it and each name links through {@code ..data}; an update
     * writes a new directory and swaps {@code ..data} atomically.
     */
    static void atomicWrite(Path volume, Map<String, String> files) {
      Path version = Files.createTempDirectory(volume, '..v')
      files.each { fileName, text -> Files.writeString(version.resolve(fileName), text) }
      Path link = volume.resolve('..data_tmp')
      Files.deleteIfExists(link)
      Files.createSymbolicLink(link, version.fileName)
      Files.move(link, volume.resolve('..data'), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING)
      files.keySet().each { fileName ->
        Path file = volume.resolve(fileName)
        if (!Files.isSymbolicLink(file)) {
          Files.createSymbolicLink(file, Path.of('..data', fileName))
        }
      }
    }
  }
}
