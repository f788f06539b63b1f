package io.tollgate.gate.otlp

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.tollgate.gate.ApiClient
import jakarta.inject.Inject
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import spock.lang.Shared
import spock.lang.Specification

import static io.tollgate.gate.ApiClient.ADMIN
import static io.tollgate.gate.otlp.OtlpWire.*

/**
 * The receiver when Kafka does not answer, and its bounds: a Kafka bootstrap address where nothing
 * listens (as when the broker is down), small body and quota limits, one worker with a queue of one.
 */
@MicronautTest
class OtlpBackPressureSpec extends Specification implements TestPropertyProvider {
  @Shared int deadPort = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()).withCloseable { it.localPort }

  @Inject EmbeddedServer server

  @Override
  Map<String, String> getProperties() {
    ["tollgate.ingest.enabled"                    : "false",
     "tollgate.ingest.bootstrap-servers"          : "127.0.0.1:$deadPort".toString(),
     "tollgate.otlp.send-timeout"                 : "1s",
     "tollgate.otlp.retry-after"                  : "7s",
     "tollgate.otlp.max-body-size"                : "256KB",
     "tollgate.otlp.max-decoded-size"             : "512KB",
     "tollgate.otlp.bytes-per-token-per-minute"   : "300KB",
     "tollgate.otlp.workers"                      : "1",
     "tollgate.otlp.queue"                        : "1"]
  }

  String token(String name) {
    new ApiClient(server.URI).post("/api/v1/tokens", ADMIN, [name: name, role: "pipeline"]).body.token
  }

  byte[] spans(int n) {
    handMade("down", n, 0, System.currentTimeMillis() * 1_000_000L).toByteArray()
  }

  void "Kafka down: 503 with Retry-After within the send timeout, in the request's encoding"() {
    given:
    def t = token("down")

    when:
    long started = System.nanoTime()
    def r = post(server.URI, "/v1/traces", t, "application/x-protobuf", spans(3))
    double seconds = (System.nanoTime() - started) / 1e9

    then:
    r.statusCode() == 503
    r.headers().firstValue("Retry-After").get() == "7"
    r.headers().firstValue("Content-Type").get() == "application/x-protobuf"
    status(r.body()).code == 14
    status(r.body()).message.contains("retry later")
    seconds < 4
    new ApiClient(server.URI).get("/metrics").text =~ /(?m)^tollgate_otlp_requests_total\{signal="traces",status="503"\} [1-9]/
  }

  void "a body over the limit is 413, and so is a gzip body that inflates past the decoded limit"() {
    given:
    def t = token("big")
    def bomb = gzip(new byte[600 * 1024])

    when:
    def big = post(server.URI, "/v1/traces", t, "application/x-protobuf", new byte[300 * 1024])
    def inflated = post(server.URI, "/v1/traces", t, "application/x-protobuf", bomb, ["Content-Encoding": "gzip"])

    then:
    bomb.length < 10_000
    big.statusCode() == 413
    status(big.body()).message == "request body of 307200 bytes exceeds the limit of 262144 bytes"
    inflated.statusCode() == 413
    status(inflated.body()).message == "the decompressed body exceeds the limit of 524288 bytes"
  }

  void "a token past its bytes per minute gets 429 with the seconds left in the minute"() {
    given:
    def t = token("quota")
    def body = new byte[200 * 1024] // undecodable, but counted before decoding

    when:
    def first = post(server.URI, "/v1/metrics", t, "application/x-protobuf", body)
    def second = post(server.URI, "/v1/metrics", t, "application/x-protobuf", body)
    def other = post(server.URI, "/v1/metrics", token("quota-other"), "application/x-protobuf", body)

    then:
    first.statusCode() == 400
    second.statusCode() == 429
    (second.headers().firstValue("Retry-After").get() as int) in 1..60
    status(second.body()).message.contains("token 'quota' sent more than 307200 bytes of telemetry this minute")
    other.statusCode() == 400
  }

  void "more requests than worker and queue are refused at once with 429, and the event loop keeps answering"() {
    given:
    def t = token("flood")
    def pool = Executors.newFixedThreadPool(8)

    when:
    def futures = (1..8).collect { pool.submit({ post(server.URI, "/v1/traces", t, "application/x-protobuf", spans(1)) } as Callable) }
    sleep(200)
    long started = System.nanoTime()
    def health = new ApiClient(server.URI).get("/health")
    double healthSeconds = (System.nanoTime() - started) / 1e9
    def statuses = futures.collect { it.get().statusCode() }

    then:
    health.status == 200
    healthSeconds < 0.5
    statuses.count { it == 429 } >= 5
    statuses.every { it in [429, 503] }
    futures.findAll { it.get().statusCode() == 429 }.every { it.get().headers().firstValue("Retry-After").present }

    cleanup:
    pool.shutdownNow()
  }
}
