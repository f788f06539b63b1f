package io.tollgate.testsupport

import groovy.json.JsonSlurper
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

class PrometheusFixtureSpec extends Specification {

  static final long START = 1_700_000_000L // 2023-11-14T22:13:20Z, older than any head block

  @Shared @AutoCleanup PrometheusFixture prometheus = PrometheusFixture.start(
      new OpenMetrics()
          .counter("http_requests", [track: "canary", service: "checkout"], START, 60, 0, 60, 120, 180, 240)
          .counter("http_requests", [track: "baseline", service: "checkout"], START, 60, 0, 120, 240, 360, 480)
          .gauge("queue_depth", [service: 'we"ird\\name'], START, 60, 1, 2, 3, 4, 5)
          .text())

  def http = HttpClient.newHttpClient()

  def query(String path) {
    def response = http.send(HttpRequest.newBuilder(prometheus.baseUri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString())
    assert response.statusCode() == 200
    new JsonSlurper().parseText(response.body())
  }

  void "query_range over backfilled data returns each track's rate"() {
    when:
    def q = URLEncoder.encode('sum by (track) (rate(http_requests_total[2m]))', 'UTF-8')
    def body = query("api/v1/query_range?query=$q&start=${START + 120}&end=${START + 240}&step=60")

    then:
    body.status == "success"
    body.data.resultType == "matrix"
    def byTrack = body.data.result.collectEntries { [(it.metric.track): it.values.collect { it[1] as double }] }
    byTrack.keySet() == ["canary", "baseline"] as Set
    byTrack.canary.every { Math.abs(it - 1.0d) < 1e-9 }
    byTrack.baseline.every { Math.abs(it - 2.0d) < 1e-9 }
  }

  void "label values with quotes and backslashes survive the backfill"() {
    when:
    def q = URLEncoder.encode('queue_depth{service="we\\"ird\\\\name"}', 'UTF-8')
    def body = query("api/v1/query?query=$q&time=${START + 240}")

    then:
    body.data.result.size() == 1
    body.data.result[0].value[1] == "5"
  }

  void "the server listens on loopback"() {
    expect:
    prometheus.baseUri().host == "127.0.0.1" || !PrometheusFixture.onPath("prometheus").present
  }
}
