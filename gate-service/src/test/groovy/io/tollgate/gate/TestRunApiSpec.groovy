package io.tollgate.gate

import io.micronaut.context.annotation.Property
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import jakarta.inject.Inject
import spock.lang.Shared
import spock.lang.Specification

import static io.tollgate.gate.ApiClient.ADMIN

@MicronautTest
@Property(name = "tollgate.test-runs.max-upload-bytes", value = "200000")
@Property(name = "micronaut.server.max-request-size", value = "400000")
class TestRunApiSpec extends Specification {

  @Inject EmbeddedServer server

  ApiClient api() { new ApiClient(server.URI) }

  String tokenFor(String role) {
    api().post("/api/v1/tokens", ADMIN, [name: role, role: role]).body.token
  }

  static String resource(String name) {
    TestRunApiSpec.getResource("/testrun/$name").text
  }

  Map upload(String token, String file, String query, String type = "application/octet-stream") {
    api().call("POST", "/api/v1/test-runs?$query", token, file, type)
  }

  void "a pipeline uploads a Surefire report and reads it back with its flaky and failed cases"() {
    given:
    def pipeline = tokenFor("pipeline")

    when:
    def created = upload(pipeline, resource("surefire-rerun.xml"),
        "service=checkout&version=1.4.2&suite=integration&commit=abc123", "application/xml")

    then:
    created.status == 201
    created.body.run.totals == [total: 5, passed: 1, failed: 1, errored: 1, skipped: 1, flaky: 1]
    created.body.run.passRatio == 0.5d
    created.body.run.formats == ["junit"]
    created.body.failures*.errorClass == ["org.opentest4j.AssertionFailedError", "org.postgresql.util.PSQLException"]

    when:
    def id = created.body.run.id
    def read = api().get("/api/v1/test-runs/$id", tokenFor("qa"))

    then:
    read.status == 200
    read.body.cases*.status == ["FLAKY", "FAILED", "ERROR", "SKIPPED"]
    read.body.cases.find { it.name == "rejectsExpiredCard" }.failureText.contains("DECLINED")
    api().get("/api/v1/test-runs/$id?cases=all", pipeline).body.cases.size() == 5
  }

  void "more files join a run and its totals add up"() {
    given:
    def pipeline = tokenFor("pipeline")
    def id = upload(pipeline, resource("surefire-rerun.xml"), "service=cart&version=2").body.run.id

    when:
    def appended = api().call("POST", "/api/v1/test-runs/$id/files", pipeline, resource("nested-suites.xml"), "application/xml")

    then:
    appended.status == 200
    appended.body.run.files == 2
    appended.body.run.totals.total == 8
    appended.body.run.totals.failed == 2
  }

  void "k6 and JMeter results become load metrics and thresholds"() {
    given:
    def pipeline = tokenFor("pipeline")

    when:
    def k6 = upload(pipeline, resource("k6-handle-summary.json"), "service=shop&suite=load", "application/json")
    def jmeter = upload(pipeline, resource("jmeter-results.jtl"), "service=shop&suite=load&format=jmeter", "text/csv")

    then:
    k6.status == 201
    k6.body.metrics.http_req_duration.stats["p(95)"] == 512.8d
    k6.body.thresholds.find { it.expression == "p(95)<500" }.failed
    jmeter.status == 201
    jmeter.body.metrics["jmeter:POST /checkout"].stats.error_rate == 0.04d
    jmeter.body.failures[0].count == 20
  }

  void "runs are listed newest first and filtered by service and version"() {
    given:
    def pipeline = tokenFor("pipeline")
    upload(pipeline, resource("nested-suites.xml"), "service=listing&version=1")
    upload(pipeline, resource("nested-suites.xml"), "service=listing&version=2")

    when:
    def all = api().get("/api/v1/test-runs?service=listing", tokenFor("viewer"))
    def v1 = api().get("/api/v1/test-runs?service=listing&version=1", pipeline)

    then:
    all.body*.version == ["2", "1"]
    v1.body*.version == ["1"]
  }

  void "a broken file is a 400 that says where, and nothing is stored"() {
    given:
    def pipeline = tokenFor("pipeline")
    def before = api().get("/api/v1/test-runs?service=broken", pipeline).body.size()

    when:
    def r = upload(pipeline, '<testsuite name="a">\n<testcase name="b">\n</testsuite>', "service=broken")

    then:
    r.status == 400
    r.body.type == "urn:tollgate:problem:invalid-test-run"
    r.body.detail.startsWith("line 3")
    r.body.errors[0].line == 3
    api().get("/api/v1/test-runs?service=broken", pipeline).body.size() == before
  }

  void "an XML bomb is refused"() {
    when:
    def r = upload(tokenFor("pipeline"), '''<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<testsuite name="&lol1;"/>''', "service=x")

    then:
    r.status == 400
    r.body.detail.contains("DOCTYPE")
  }

  void "uploads over the limit get 413"() {
    given:
    def pipeline = tokenFor("pipeline")
    def big = "<testsuite>" + '<testcase name="x"/>' * (size / 20) + "</testsuite>"

    when:
    def r = upload(pipeline, big, "service=big")

    then:
    r.status == 413
    r.type.startsWith("application/problem+json")
    r.body.type == "urn:tollgate:problem:payload-too-large"

    where:
    size << [250_000, 600_000] // over the upload limit; over the server's request limit
  }

  void "a missing service says so"() {
    expect:
    upload(tokenFor("pipeline"), resource("nested-suites.xml"), "version=1").body.detail ==
        "required parameter 'service' is missing"
  }

  void "metadata is validated"() {
    expect:
    upload(tokenFor("pipeline"), resource("nested-suites.xml"), query).body.type == "urn:tollgate:problem:" + type

    where:
    query                         || type
    "version=1"                   || "bad-request" // service is required
    "service="                    || "validation"
    "service=a&format=nunit"      || "validation"
    "service=" + "s" * 300        || "validation"
  }

  void "only pipelines upload, and qa or viewers only read"() {
    expect:
    upload(tokenFor(role), resource("nested-suites.xml"), "service=roles").status == status

    where:
    role       || status
    "viewer"   || 403
    "qa"       || 403
    "sre"      || 403
    "pipeline" || 201
    "admin"    || 201
  }
}
