package io.tollgate.gate.ui

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
import io.tollgate.gate.ApiClient
import io.tollgate.gate.TestSpans
import java.util.HexFormat
import org.openqa.selenium.Dimension
import io.micronaut.data.model.Pageable
import io.tollgate.gate.demo.SyntheticTraffic
import io.tollgate.gate.parity.TwoEnvironments
import io.tollgate.gate.store.AuditLogRepository
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.testsupport.ChromiumFixture
import io.tollgate.testsupport.KafkaFixture
import io.tollgate.testsupport.PostgresFixture
import jakarta.inject.Inject
import java.nio.file.Path
import java.time.Instant
import java.time.temporal.ChronoUnit
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerRecord
import java.time.Duration
import org.openqa.selenium.By
import org.openqa.selenium.StaleElementReferenceException
import org.openqa.selenium.support.ui.WebDriverWait
import org.openqa.selenium.WebDriver
import org.openqa.selenium.support.ui.Select
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * The web UI in headless Chromium over data that came through the real path: OTLP spans produced to
 * a Kafka broker, consumed by the service's ingest into PostgreSQL; test runs uploaded through the
 * API. Every page visited is kept as a screenshot under target/screenshots.
 */
@MicronautTest
@Stepwise
class UiBrowserSpec extends Specification implements TestPropertyProvider {

  static final Instant T0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS)
  static final Path SHOTS = Path.of("target/screenshots")

  @Shared KafkaFixture kafka
  @Shared PostgresFixture pg
  @Shared ChromiumFixture chromium
  @Shared Map<String, String> tokens = [:]

  @Inject EmbeddedServer server
  @Inject AggregateReader reader
  @Inject AuditLogRepository auditLog

  @Override
  Map<String, String> getProperties() {
    chromium = ChromiumFixture.start()
    // a click that submits a form returns before the next page is there: finding waits for it
    chromium.driver().manage().timeouts().implicitlyWait(Duration.ofSeconds(10))
    kafka = KafkaFixture.start()
    kafka.createTopic("otlp_spans", 3)
    kafka.createTopic("otlp_metrics", 1)
    kafka.createTopic("otlp_dead_letter", 1)
    pg = PostgresFixture.start()
    pg.micronautProperties() + [
        "tollgate.ingest.enabled"           : "true",
        "tollgate.ingest.bootstrap-servers" : kafka.bootstrapServers(),
        "tollgate.ingest.batch-interval"    : "200ms",
        "tollgate.evaluations.poll-interval": "200ms",
        "tollgate.ui.trace-url-template"    : "http://jaeger.example:16686/trace/{traceId}"]
  }

  def cleanupSpec() {
    chromium?.close()
    kafka?.close()
    pg?.close()
  }

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "ui-$role", role: role]).body.token }
  }

  WebDriver browser() { chromium.driver() }

  void open(String path) { browser().get(server.URI.resolve(path).toString()) }

  void shot(String name) { chromium.screenshot(SHOTS.resolve(name + ".png")) }

  void signIn(String role) {
    browser().manage().deleteAllCookies()
    open("/ui/login")
    browser().findElement(By.id("token")).sendKeys(token(role))
    browser().findElement(By.id("sign-in")).click()
    settle { !browser().currentUrl.endsWith("/ui/login") }
  }

  /** Waits for what a script (htmx) changes in the page; stale elements are retried. */
  void settle(Closure<Boolean> condition) {
    new WebDriverWait(browser(), Duration.ofSeconds(10))
        .ignoring(StaleElementReferenceException)
        .until { condition() }
  }

  String text(String css) { browser().findElement(By.cssSelector(css)).text }

  /** The catalog's rows as [where, operation, failure, failures, last seen, since, coverage, triage]. */
  List<List<String>> rows() {
    browser().findElements(By.cssSelector("#scenarios tbody tr")).collect { tr ->
      tr.findElements(By.tagName("td")).collect { it.text }
    }
  }

  void produce(SyntheticTraffic.Profile profile, String method, String route, int batches, int spans) {
    def traffic = new SyntheticTraffic(profile.hashCode())
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { producer ->
      (0..<batches).each { i ->
        def request = traffic.batch(profile, method, route, spans, T0.plusSeconds(30 + i * 60))
        producer.send(new ProducerRecord<byte[], byte[]>("otlp_spans", request.toByteArray()))
      }
      producer.flush()
    }
  }

  void upload(String service, String version, String body, String type) {
    def r = api().call("POST", "/api/v1/test-runs?service=$service&version=$version&suite=ci", token("pipeline"), body, type)
    assert r.status == 201
  }

  void "production and canary telemetry arrives through Kafka, test runs through the API"() {
    when:
    produce(SyntheticTraffic.Profile.healthy("checkout", "1.4.2", "stable").withErrors(0.05,
        "java.net.SocketTimeoutException", "Read timed out after 2000 ms"), "POST", "/checkout", 10, 200)
    produce(SyntheticTraffic.Profile.healthy("payments", "2.0.9", "stable").withErrors(0.04,
        "java.sql.SQLTransientConnectionException",
        "HikariPool-1 - Connection is not available, request timed out after 3000ms."), "POST", "/payments", 10, 200)
    produce(SyntheticTraffic.Profile.healthy("inventory", "3.2.0", "stable").withErrors(0.03,
        "java.lang.IllegalStateException", "Stock level for SKU 88412 went negative: -3"), "GET", "/stock/{sku}", 10, 200)
    produce(SyntheticTraffic.Profile.healthy("checkout", "1.5.0", "canary").withErrors(0.15,
        "java.lang.NullPointerException", 'Cannot invoke "Cart.total()" because "cart" is null'), "POST", "/checkout", 10, 100)
    upload("checkout", "1.4.2", """timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect
${T0.toEpochMilli()},100,POST /checkout,200,OK,"TG 1-1",text,true,,512,128,5,5,http://shop.local/checkout,95,0,3
${T0.toEpochMilli() + 10},2003,POST /checkout,503,Service Unavailable,"TG 1-2",text,false,"Response code was 503, expected 200",512,128,5,5,http://shop.local/checkout,196,0,3
""", "text/csv")
    upload("payments", "2.0.9", """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="com.example.payments.PaymentsApiTest" tests="2" failures="0" errors="1" time="4.1">
  <testcase name="capturesPayment" classname="com.example.payments.PaymentsApiTest" time="0.3"/>
  <testcase name="survivesPoolExhaustion" classname="com.example.payments.PaymentsApiTest" time="3.1">
    <error message="HikariPool-1 - Connection is not available, request timed out after 3001ms." type="java.sql.SQLTransientConnectionException"><![CDATA[java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 3001ms.
	at com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)]]></error>
  </testcase>
</testsuite>
""", "application/xml")
    def rule = api().post("/api/v1/scenarios/mapping-rules", token("qa"),
        [kind: "junit", pattern: "^com\\.example\\.payments\\.PaymentsApiTest\\.", service: "payments", operation: "POST /payments"])

    then:
    rule.status == 201
    new PollingConditions(timeout: 60, delay: 0.3).eventually {
      assert ["checkout", "payments", "inventory"].every { reader.signatures(it, T0, T0.plus(1, ChronoUnit.HOURS)) }
      assert reader.signatures("checkout", T0, T0.plus(1, ChronoUnit.HOURS)).any { it.failuresByTrack().canary }
    }
  }

  void "a viewer without a session is sent to sign in, and a wrong token is refused"() {
    when:
    browser().manage().deleteAllCookies()
    open("/ui/scenarios")

    then:
    browser().currentUrl.endsWith("/ui/login")

    when:
    browser().findElement(By.id("token")).sendKeys("not-a-token")
    browser().findElement(By.id("sign-in")).click()

    then:
    text("[role=alert]") == "That token is not valid."
    shot("01-login")
  }

  void "QA sees production scenarios with their coverage"() {
    when:
    signIn("qa")

    then: "a QA engineer lands on the scenario catalog"
    browser().currentUrl.endsWith("/ui/scenarios")
    def session = browser().manage().getCookieNamed("tollgate_session")
    session.isHttpOnly()
    session.sameSite == "Strict"

    and:
    def all = rows().collectEntries { [(it[0] + " " + it[1]): it] }
    all["production payments · POST /payments"][6] == "covered"
    all["production checkout · POST /checkout"][6] == "touched"
    all["production inventory · GET /stock/{sku}"][6] == "uncovered"
    all["canary new checkout · POST /checkout"][2].contains("java.lang.NullPointerException")
    all["canary new checkout · POST /checkout"][5] == "1.5.0"
    all["test payments · POST /payments"][2].contains("java.sql.SQLTransientConnectionException")
    all["test checkout · POST /checkout"][2].contains("HTTP 503")
    shot("02-scenarios")

    when: "the uncovered production filter is chosen, htmx refreshes the list in place"
    new Select(browser().findElement(By.id("f-environment"))).selectByValue("production")
    settle { browser().currentUrl.contains("environment=production") && rows().size() == 3 }
    new Select(browser().findElement(By.id("f-coverage"))).selectByValue("uncovered")
    settle { browser().currentUrl.contains("coverage=uncovered") && rows().size() == 1 }

    then:
    rows().size() == 1
    rows()[0][1] == "inventory · GET /stock/{sku}"
    rows()[0][2] == "java.lang.IllegalStateException\nStock level for SKU <num> went negative: <num>"
    rows()[0][5] == "3.2.0"
    shot("03-scenarios-uncovered")
  }

  void "QA opens an uncovered scenario and triages it; the change is audited"() {
    given:
    open("/ui/scenarios?environment=production&coverage=uncovered")

    when:
    browser().findElement(By.cssSelector("#scenarios tbody tr a")).click()

    then:
    text("#coverage") == "uncovered"
    text("#error-class") == "java.lang.IllegalStateException"
    text("#failures").toLong() > 0
    browser().findElements(By.cssSelector("#exemplars a")).every {
      it.getAttribute("href").startsWith("http://jaeger.example:16686/trace/")
    }
    !browser().findElements(By.cssSelector("#exemplars a")).isEmpty()
    browser().findElements(By.cssSelector("svg.chart rect.bar")).size() > 1
    shot("04-scenario")

    when:
    new Select(browser().findElement(By.id("state"))).selectByValue("product_bug")
    browser().findElement(By.id("owner")).sendKeys("team-inventory")
    browser().findElement(By.id("ticketUrl")).sendKeys("https://jira.example.com/browse/INV-231")
    browser().findElement(By.id("comment")).sendKeys("Stock decrement races with the reservation expiry job.")
    browser().findElement(By.id("save-triage")).click()

    then:
    text("[role=status]") == "Triage saved."
    text("#triage-current").contains("product bug")
    text("#triage-current").contains("team-inventory")
    shot("05-scenario-triaged")

    and:
    def id = browser().currentUrl.replaceAll(/.*\/ui\/scenarios\/([^?]+).*/, '$1')
    auditLog.listOrderByIdDesc(Pageable.from(0, 10)).any {
      it.action() == "scenario.triage" && it.subject() == id && it.actor() == "ui-qa" &&
          it.detail().contains("product_bug")
    }
    def scenario = api().get("/api/v1/scenarios/$id", token("viewer"))
    scenario.body.scenario.triage.state == "PRODUCT_BUG"
    scenario.body.scenario.triage.updatedBy == "ui-qa"
  }

  void "a form posted without the session's CSRF token is refused"() {
    given:
    def id = api().get("/api/v1/scenarios?environment=production&coverage=uncovered", token("qa")).body[0].id
    def cookie = io.tollgate.gate.UiSession.signIn(server.URI, token("qa")).cookie

    when:
    def r = api().call("POST", "/ui/scenarios/$id/triage", null, "state=accepted&_csrf=forged",
        "application/x-www-form-urlencoded", [Cookie: cookie])

    then:
    r.status == 403
    api().get("/api/v1/scenarios/$id", token("qa")).body.scenario.triage.state == "PRODUCT_BUG"
  }

  void "a viewer reads scenarios but gets no triage form"() {
    when:
    signIn("viewer")
    open("/ui/scenarios?environment=production&coverage=uncovered")
    browser().findElement(By.cssSelector("#scenarios tbody tr a")).click()

    then:
    text("#triage-current").contains("product bug")
    browser().findElements(By.id("triage")).isEmpty()
  }

  void "an SRE sees why a canary was blocked, in one screen, and overrides it"() {
    given:
    assert api().call("POST", "/api/v1/gates", token("sre"),
        getClass().getResource("/ui/checkout-canary-traces.yaml").text, "application/yaml").status == 201
    def r = api().call("POST", "/api/v1/evaluations?wait=30s", token("pipeline"), [
        gate    : "checkout-canary-traces",
        start   : T0.toString(), end: T0.plus(15, ChronoUnit.MINUTES).toString(),
        canary  : [service: "checkout", version: "1.5.0", track: "canary"],
        baseline: [service: "checkout", version: "1.4.2", track: "stable"],
        context : [pipeline: "deploy-checkout", commit: "9f8e7d6"]])
    assert r.status == 201

    when:
    signIn("sre")

    then: "an SRE lands on the decisions"
    browser().currentUrl.endsWith("/ui/decisions")
    text("#decisions tbody tr").contains("FAIL")
    shot("06-decisions")

    when:
    browser().findElement(By.cssSelector("#decisions tbody tr a")).click()

    then: "the outcome, score, reason, each SLI with its sides and the scenarios behind it are on one page"
    text("#outcome") == "FAIL"
    text("#reason").contains("error_rate")
    def errorRate = browser().findElement(By.cssSelector("[data-sli=error_rate]"))
    errorRate.text.contains("FAIL")
    errorRate.findElements(By.cssSelector("svg.chart .bar.canary")).size() > 0
    errorRate.findElements(By.cssSelector("svg.chart .bar.baseline")).size() > 0
    text("#decision-scenarios").contains("java.lang.NullPointerException")
    browser().findElements(By.cssSelector("#decision-scenarios a[href^='http://jaeger.example:16686/trace/']")).size() > 0

    and: "sides, window and numbers read as a person writes them, not as Java prints them"
    text("#canary") == "service checkout · version 1.5.0 · track canary"
    text("#baseline") == "service checkout · version 1.4.2 · track stable"
    text("#window") ==~ /\d{4}-\d\d-\d\d \d\d:\d\d – \d{4}-\d\d-\d\d \d\d:\d\d UTC \(15 min\)/
    !browser().findElement(By.tagName("main")).text.contains("{")
    browser().findElements(By.cssSelector(".p")).every { it.text ==~ /(= [0-9.]+|< 0\.0001)/ }

    and: "the chart's labels are whole words, the canary bar is coloured as the canary, and its name states the values"
    def sides = errorRate.findElement(By.cssSelector("svg.chart.sides"))
    sides.getAttribute("aria-label") ==~ /canary [0-9.]+, baseline [0-9.]+/
    sides.findElements(By.cssSelector("text"))*.getAttribute("textContent").containsAll(["canary", "baseline"])

    and: "each trace SLI shows canary and baseline per minute, read again from the stored aggregates, and the resolved queries"
    def perMinute = errorRate.findElement(By.cssSelector("svg.chart.minutes"))
    perMinute.findElements(By.cssSelector("polyline.side.canary")).size() == 1
    perMinute.findElements(By.cssSelector("polyline.side.baseline")).size() == 1
    perMinute.getAttribute("aria-label").startsWith("error_rate error ratio per minute: canary 10 minutes from")
    browser().findElement(By.cssSelector("[data-sli=latency_p99] svg.chart.minutes")).getAttribute("aria-label")
        .startsWith("latency_p99 p99 latency (ms) per minute: canary 10 minutes")
    errorRate.findElement(By.cssSelector("details.queries")).getAttribute("textContent")
        .contains("service=checkout operation=POST /checkout version=1.5.0 track=canary")
    shot("07-decision")

    and: "the override form chooses no outcome for the reader, and offers an expiry"
    new Select(browser().findElement(By.id("ov-outcome"))).firstSelectedOption.getAttribute("value") == ""
    new Select(browser().findElement(By.id("ov-expires"))).firstSelectedOption.getAttribute("value") == "24h"

    when: "submitted without an outcome, the browser keeps the form"
    browser().findElement(By.id("ov-reason")).sendKeys("NPE fixed in 1.5.1; this canary is being replaced")
    browser().findElement(By.id("ov-save")).click()

    then:
    browser().currentUrl ==~ /.*\/ui\/decisions\/\d+/

    when:
    new Select(browser().findElement(By.id("ov-outcome"))).selectByValue("FAIL")
    new Select(browser().findElement(By.id("ov-expires"))).selectByValue("7d")
    browser().findElement(By.id("ov-save")).click()

    then:
    text("[role=status]") == "Override recorded."
    text("#override") ==~ /(?s)Overridden to FAIL by ui-sre, until \d{4}-\d\d-\d\d \d\d:\d\d UTC: NPE fixed in 1\.5\.1.*/
    auditLog.listOrderByIdDesc(Pageable.from(0, 10)).any {
      it.action() == "evaluation.override" && it.actor() == "ui-sre" && it.detail().startsWith("FAIL until ")
    }
  }

  void "QA does not get the override action"() {
    when:
    signIn("qa")
    open("/ui/decisions")
    browser().findElement(By.cssSelector("#decisions tbody tr a")).click()

    then:
    text("#outcome") == "FAIL"
    browser().findElements(By.id("override-form")).isEmpty()
  }

  void "gates show their YAML and versions, and a document can be validated"() {
    given:
    def yaml = getClass().getResource("/ui/checkout-canary-traces.yaml").text
    assert api().call("PUT", "/api/v1/gates/checkout-canary-traces", token("sre"),
        yaml.replace('pass: "<= 0.02"', 'pass: "<= 0.01"'), "application/yaml").status in [200, 201]

    when:
    open("/ui/gates")
    browser().findElement(By.linkText("checkout-canary-traces")).click()

    then:
    text("#yaml").contains("name: checkout-canary-traces")
    browser().findElements(By.cssSelector("#versions tbody tr")).size() == 2

    when:
    browser().findElement(By.partialLinkText("diff to v1")).click()

    then:
    text("#diff").contains('-            pass: "<= 0.02"')
    text("#diff").contains('+            pass: "<= 0.01"')
    shot("08-gate-diff")

    when:
    open("/ui/gates/validate")
    browser().findElement(By.id("document")).sendKeys(yaml.replace("quantile: 0.99", "quantile: 1.7"))
    browser().findElement(By.id("validate")).click()

    then:
    text("[role=alert]") == "The document has errors."
    text("#issues").readLines()[0] == "gate.yaml:40:21: error: 'quantile' must be between 0 and 1, got 1.7 (did you mean 0.017?)"
    text("#issues").contains("warning: mann_whitney is a fixed-sample test")
    shot("09-gate-validate")
  }

  void "a QA engineer gets no save button; an SRE saves a gate from the UI, with CSRF, audited"() {
    given:
    def yaml = getClass().getResource("/ui/checkout-canary-traces.yaml").text
        .replace("Checkout canary judged on its traces.", "Checkout canary judged on its traces, saved from the UI.")
    def cookie = io.tollgate.gate.UiSession.signIn(server.URI, token("qa")).cookie

    expect: "no save for QA, in the page or by posting"
    open("/ui/gates/validate")
    browser().findElements(By.id("save-gate")).isEmpty()
    api().call("POST", "/ui/gates/save", null, "document=x&_csrf=forged",
        "application/x-www-form-urlencoded", [Cookie: cookie]).status == 403

    when:
    signIn("sre")
    open("/ui/gates/validate")
    ((org.openqa.selenium.JavascriptExecutor) browser()).executeScript(
        "document.getElementById('document').value = arguments[0]", yaml)
    browser().findElement(By.id("save-gate")).click()

    then:
    text("#gate-saved") == "Saved checkout-canary-traces."
    api().get("/api/v1/gates/checkout-canary-traces", token("viewer")).body.toString().contains("saved from the UI")
    auditLog.listOrderByIdDesc(Pageable.from(0, 10)).any {
      it.action() == "gate.save" && it.subject() == "gate/checkout-canary-traces" && it.actor() == "ui-sre"
    }
    shot("09b-gate-saved")

    when: "a document with errors is shown again with them, and nothing is stored"
    open("/ui/gates/validate")
    ((org.openqa.selenium.JavascriptExecutor) browser()).executeScript(
        "document.getElementById('document').value = arguments[0]", yaml.replace("quantile: 0.99", "quantile: 1.7"))
    browser().findElement(By.id("save-gate")).click()

    then:
    text("[role=alert]") == "The document has errors."
    api().get("/api/v1/gates/checkout-canary-traces/versions", token("viewer")).body.size() == 3
  }

  void "a scenario names the gate SLIs its failures count against"() {
    when:
    open("/ui/scenarios?environment=production&service=checkout")
    browser().findElement(By.cssSelector("#scenarios tbody tr a")).click()

    then:
    text("#affected").contains("checkout-canary-traces · error_rate")
    text("#affected").contains("checkout-canary-traces · latency_p99")
    text("#touching").contains("POST /checkout")
    api().get(browser().currentUrl.replaceAll(/.*\/ui\/scenarios\//, "/api/v1/scenarios/"), token("viewer"))
        .body.affectedSlis*.sli as Set == ["error_rate", "latency_p99"] as Set
  }

  void "test runs show their failures and failed cases"() {
    when:
    open("/ui/test-runs")

    then:
    browser().findElements(By.cssSelector("#runs tbody tr")).size() == 2

    when:
    browser().findElements(By.cssSelector("#runs tbody tr")).find { it.text.contains("payments") }
        .findElement(By.tagName("a")).click()

    then:
    text("#failures").contains("java.sql.SQLTransientConnectionException")
    text("#cases").contains("survivesPoolExhaustion")
    !text("#cases").contains("capturesPayment")
    shot("10-test-run")
  }

  void "the traffic profile shows production's operations and the daily shape"() {
    when:
    open("/ui/traffic-profile")
    browser().findElement(By.id("f-service")).sendKeys("checkout")
    browser().findElement(By.id("f-window")).clear()
    browser().findElement(By.id("f-window")).sendKeys("1d")
    browser().findElement(By.id("show-profile")).click()
    settle { !browser().findElements(By.id("operations")).isEmpty() }
    def shape = browser().findElement(By.cssSelector("#daily-shape svg"))

    then:
    text("#operations").contains("POST /checkout")
    text("#profile-summary").contains("checkout")
    shape.getAttribute("aria-label").startsWith("Requests per UTC hour of day, mean per day: busiest")
    browser().findElements(By.cssSelector("#daily-shape rect.bar")).size() == 24
    shot("11-traffic-profile")

    when:
    open("/ui/traffic-profile?service=checkout&window=90d")

    then:
    text("#profile-problem").contains("'window'")
  }

  /** An incident over the minutes checkout failed in production, created once. */
  long incident() {
    def existing = api().get("/api/v1/incidents?service=checkout", ADMIN).body
    if (existing) {
      return existing[0].id as long
    }
    def r = api().post("/api/v1/incidents", ADMIN, [service: "checkout", title: "Checkout errors after the pool change",
        severity: "high", startedAt: T0.toString(), resolvedAt: T0.plus(15, ChronoUnit.MINUTES).toString(), sourceId: "INC-UI-1"])
    assert r.status == 201
    r.body.id as long
  }

  void "an incident page shows its failure modes by whether tests cover them"() {
    given:
    long id = incident()
    signIn("qa")

    when:
    open("/ui/incidents")
    browser().findElement(By.cssSelector("#incidents tbody a")).click()
    settle { browser().currentUrl.endsWith("/ui/incidents/$id") }

    then:
    text("h1").contains("Checkout errors after the pool change")
    text("#summary").contains("with no test")
    browser().findElements(By.cssSelector("[id^=modes-] li a code"))*.text.any { it.contains("Exception") }
    shot("11-incident")
  }

  void "the parity page shows staging and production side by side, the differences marked"() {
    given: 'a shop in production and staging whose telemetry differs in known ways'
    def shop = new TwoEnvironments(Instant.now().minus(5, ChronoUnit.MINUTES))
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { producer ->
      [shop.production(), shop.staging()].each { producer.send(new ProducerRecord<byte[], byte[]>("otlp_spans", it.toByteArray())).get() }
    }
    new PollingConditions(timeout: 60, delay: 0.3).eventually {
      assert api().get("/api/v1/parity?service=checkout&from=staging&to=production", token("viewer")).body?.fromFacts > 0
    }
    signIn("viewer")

    when:
    open("/ui/parity")
    browser().findElement(By.id("f-service")).sendKeys("checkout")
    browser().findElement(By.id("show-parity")).click()
    settle { !browser().findElements(By.id("parity")).isEmpty() }
    def differing = browser().findElements(By.cssSelector("#parity tbody tr.differs")).collectEntries { tr ->
      [(tr.getAttribute("data-fact")): tr.findElements(By.tagName("td"))*.text]
    }
    def same = browser().findElements(By.cssSelector("#parity tbody tr:not(.differs)"))*.getAttribute("data-fact")

    then: 'staging and production values in two columns; payments differs, PostgreSQL does not'
    browser().findElements(By.cssSelector("#parity thead th"))*.text == ["Fact", "Kind", "staging", "production", "Parity"]
    differing["dependency.service/payments"][2] == "2.4.0"
    differing["dependency.service/payments"][3].contains("2.3.1")
    differing["dependency.service/payments"][4] == "differs"
    differing["dependency.messaging/kafka"][2] == "–"
    "dependency.db/postgresql" in same
    text("#parity-summary").contains("differences between staging and production")
    shot("12-parity")

    when:
    open("/ui/parity?service=checkout&from=staging&to=staging")

    then:
    text("#parity-problem").contains("'to'")
  }

  void "the changes page shows a deployment's watch recommending rollback, linked to its decision and back"() {
    given: 'a gate bound to cart deployments, and version 3.1.0 of cart failing 30 % of its requests'
    assert api().call("POST", "/api/v1/gates", token("sre"), io.tollgate.gate.deploy.DeployEventsSpec.gate("cart-watch", """  bindings:
    - trigger: deploy
      services: [cart]
      environment: production
      watch: 12s
      every: 5s"""), "application/yaml").status in [200, 201]
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS)
    def failing = SyntheticTraffic.Profile.healthy("cart", "3.1.0", "stable").withErrors(0.30, "java.io.IOException", "reset")
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { producer ->
      producer.send(new ProducerRecord<byte[], byte[]>("otlp_spans",
          new SyntheticTraffic(7).batch(failing, "POST", "/cart", 400, at.plusSeconds(2)).toByteArray())).get()
    }
    def deployed = api().post("/api/v1/deployments", token("pipeline"),
        [service: "cart", version: "3.1.0", previousVersion: "3.0.4", environment: "production", at: at.toString()])
    assert deployed.status == 201
    long changeId = deployed.body.id as long
    new PollingConditions(timeout: 60, delay: 0.5).eventually {
      assert api().get("/api/v1/changes/$changeId", token("viewer")).body.watches[0].recommendation == "rollback"
    }
    assert api().post("/api/v1/flag-changes", token("pipeline"),
        [service: "cart", flag: "new-cart", variant: "on", environment: "production"]).status == 201
    signIn("viewer")

    when:
    open("/ui/changes")
    def row = browser().findElement(By.cssSelector("#changes tr[data-change='$changeId']"))
    def cells = row.findElements(By.tagName("td"))*.text

    then: 'the deployment, its versions and its watch recommending rollback, the row marked'
    row.getAttribute("class").contains("rollback")
    cells[1..4] == ["deployed", "cart", "3.1.0 from 3.0.4", "production"]
    cells[7].contains("cart-watch") && cells[7].contains("FAIL") && cells[7].contains("rollback")
    text("#changes tbody tr:first-child td:nth-child(4)") == "new-cart=on"
    shot("13-changes")

    when: 'the change, then its watch\'s decision'
    row.findElement(By.cssSelector("td:first-child a")).click()
    settle { browser().currentUrl.endsWith("/ui/changes/$changeId") }
    def watch = browser().findElement(By.cssSelector("#watches tr[data-gate=cart-watch]"))

    then:
    watch.findElements(By.tagName("td"))*.text == ["cart-watch", watch.findElement(By.cssSelector("td:nth-child(2) a")).text, "DONE", "FAIL", "rollback"]
    shot("13-change")

    when:
    watch.findElement(By.cssSelector("td:nth-child(2) a")).click()
    settle { browser().currentUrl.contains("/ui/decisions/") }

    then: 'the decision recommends rollback and leads back to the change'
    text("#recommendation").contains("rollback")
    browser().findElement(By.cssSelector("#recommendation a")).getAttribute("href").endsWith("/ui/changes/$changeId")
  }

  /** Every page the demo's data reaches, by a name for its screenshot; the admin sees every form. */
  Map<String, Closure> pages() {
    long incidentId = incident()
    signIn("admin")
    def hrefs = { String list, String css ->
      open(list)
      browser().findElements(By.cssSelector(css))*.getAttribute("href").collect { URI.create(it).path }.unique()
    }
    def scenarios = hrefs("/ui/scenarios", "#scenarios tbody a")
    def decisions = hrefs("/ui/decisions", "#decisions tbody a")
    def runs = hrefs("/ui/test-runs", "#runs tbody a")
    Map<String, Closure> out = [:]
    ["decisions"              : "/ui/decisions",
     "decisions-fail"         : "/ui/decisions?outcome=FAIL",
     "decisions-none"         : "/ui/decisions?outcome=PASS",
     "scenarios"              : "/ui/scenarios",
     "scenarios-uncovered"    : "/ui/scenarios?environment=production&coverage=uncovered",
     "scenarios-new-in-canary": "/ui/scenarios?environment=canary&new-in-canary=true",
     "scenarios-none"         : "/ui/scenarios?service=no-such-service",
     "gates"                  : "/ui/gates",
     "gate"                   : "/ui/gates/checkout-canary-traces",
     "gate-v1"                : "/ui/gates/checkout-canary-traces?version=1",
     "gate-diff"              : "/ui/gates/checkout-canary-traces?version=2&from=1",
     "gate-validate"          : "/ui/gates/validate",
     "test-runs"              : "/ui/test-runs",
     "test-runs-none"         : "/ui/test-runs?service=no-such-service",
     "traffic-profile-form"   : "/ui/traffic-profile",
     "traffic-profile"        : "/ui/traffic-profile?service=checkout&window=1d",
     "traffic-profile-none"   : "/ui/traffic-profile?service=no-such-service",
     "parity-form"            : "/ui/parity",
     "parity"                 : "/ui/parity?service=checkout&from=staging&to=production",
     "parity-none"            : "/ui/parity?service=no-such-service",
     "incidents"              : "/ui/incidents",
     "incidents-none"         : "/ui/incidents?service=no-such-service",
     "incident"               : "/ui/incidents/" + incidentId,
     "changes"                : "/ui/changes",
     "changes-none"           : "/ui/changes?service=no-such-service",
     "change"                 : "/ui/changes/" + api().get("/api/v1/changes?service=cart", ADMIN).body.find { it.kind == "deployed" }.id].each { name, path -> out[name] = { open(path) } }
    decisions.eachWithIndex { path, i -> out["decision-" + (i + 1)] = { open(path) } }
    scenarios.eachWithIndex { path, i -> out["scenario-" + (i + 1)] = { open(path) } }
    runs.eachWithIndex { path, i ->
      out["test-run-" + (i + 1)] = { open(path) }
      out["test-run-" + (i + 1) + "-all"] = { open(path + "?cases=all") }
    }
    out["gate-validate-errors"] = {
      open("/ui/gates/validate")
      ((org.openqa.selenium.JavascriptExecutor) browser()).executeScript(
          "document.getElementById('document').value = arguments[0]",
          getClass().getResource("/ui/checkout-canary-traces.yaml").text.replace("quantile: 0.99", "quantile: 1.7"))
      browser().findElement(By.id("validate")).click()
      settle { !browser().findElements(By.id("issues")).isEmpty() }
    }
    out
  }

  void "every page passes axe-core's WCAG 2.1 A/AA rules at 1366 and 390 px and scrolls sideways at none of 1366, 683, 390 and 320 px"() {
    given:
    def report = new StringBuilder("page\twidth\tviolations\toverflow px\n")
    def problems = []
    def audit = { String name, Closure visit ->
      // 683 px is 1366 px at 200 % zoom
      [1366, 683, 390, 320].each { width ->
        A11y.viewport(browser(), width, width == 1366 ? 768 : 844)
        visit()
        def overflow = A11y.overflow(browser())
        def found = width in [1366, 390] ? A11y.violations(browser()) : []
        report << "$name\t$width\t${found.size()}\t$overflow\n"
        if (overflow > 0) problems << "$name at $width px scrolls sideways by $overflow px"
        found.each { problems << "$name at $width px: ${it.rule} (${it.impact}) ${it.help} ${it.targets}" }
        if (width in [1366, 390]) shot("a11y-$name-$width")
      }
    }

    when: "the audit finds what it is there to find: an image without a text alternative, a page too wide"
    browser().manage().deleteAllCookies()
    A11y.viewport(browser(), 390, 844)
    open("/ui/login")
    ((org.openqa.selenium.JavascriptExecutor) browser()).executeScript(
        "document.body.insertAdjacentHTML('beforeend', '<img src=\"/static/tollgate.css\">');" +
        // the CSP refuses style attributes in markup; set through the CSSOM the width applies
        "const d = document.createElement('div'); d.textContent = 'wide'; d.style.width = '900px'; document.body.append(d)")

    then:
    (((org.openqa.selenium.JavascriptExecutor) browser()).executeScript("return window.innerWidth") as int) == 390
    A11y.violations(browser())*.rule.contains("image-alt")
    A11y.overflow(browser()) > 400

    when: "signed out: the sign-in page, and its error"
    audit("login") { open("/ui/login") }
    audit("login-error") {
      open("/ui/login")
      browser().findElement(By.id("token")).sendKeys("not-a-token")
      browser().findElement(By.id("sign-in")).click()
      settle { !browser().findElements(By.id("token-error")).isEmpty() }
    }
    def token = browser().findElement(By.id("token"))

    then: "the token field is tied to its error"
    token.getAttribute("aria-invalid") == "true"
    token.getAttribute("aria-describedby") == "token-error"

    when: "signed in, every page"
    def all = pages()
    all.each { name, visit -> audit(name, visit) }
    Path.of("target").resolve("a11y-report.tsv").text = report.toString()

    then:
    all.size() + 2 >= 24
    problems == []

    cleanup:
    A11y.viewport(browser(), 1366, 900)
  }

  /** Tabs from the top of the page until focus comes back round; the focus states seen, in order. */
  List<Map> walk() {
    def body = browser().findElement(By.tagName("body"))
    ((org.openqa.selenium.JavascriptExecutor) browser()).executeScript("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    def seen = []
    def actions = new org.openqa.selenium.interactions.Actions(browser())
    for (int i = 0; i < 300; i++) {
      actions.sendKeys(org.openqa.selenium.Keys.TAB).perform()
      def f = A11y.focus(browser())
      if (f.label == "body" || (seen && f.label == seen[0].label && f.key == seen[0].key)) break
      seen << f
    }
    seen
  }

  void "the keyboard reaches every control of the decision and scenario pages in order, behind a skip link, with a focus ring of 3:1"() {
    given:
    signIn("admin")
    def decision = pages().findAll { it.key.startsWith("decision-") || it.key.startsWith("scenario-") }

    expect:
    decision.each { name, visit ->
      visit()
      int controls = A11y.markControls(browser())
      def seen = walk()
      assert seen[0].label.startsWith("a[href=#main]"): "$name: the first stop is the skip link"
      def keys = seen*.key.findAll { it }.collect { it as int }
      assert keys.toSet() == (0..<controls).toSet(): "$name: every control is reached"
      assert keys == keys.sort(false): "$name: in the order of the page"
      seen.each {
        assert it.style != "none" && it.width >= 2: "$name: ${it.label} shows a focus ring"
        assert it.contrast >= 3: "$name: ${it.label} focus ring contrast ${it.contrast}"
      }
    }

    when: "the skip link moves focus to the content"
    decision.values().first().call()
    def actions = new org.openqa.selenium.interactions.Actions(browser())
    actions.sendKeys(org.openqa.selenium.Keys.TAB).perform()
    actions.sendKeys(org.openqa.selenium.Keys.ENTER).perform()

    then:
    A11y.focus(browser()).label == "main#main"
  }

  void "a filter keeps focus where it was, announces the result count and adds no history entry"() {
    given:
    open("/ui/scenarios")
    def js = (org.openqa.selenium.JavascriptExecutor) browser()
    js.executeScript("window.requests = 0; document.body.addEventListener('htmx:beforeRequest', () => window.requests++)")
    long history = js.executeScript("return history.length") as long
    def before = text("#result-count")

    when: "Space on the checkbox"
    def box = browser().findElement(By.id("f-new-in-canary"))
    box.sendKeys(" ")
    settle { text("#result-count") != before }

    then:
    A11y.focus(browser()).label == "input#f-new-in-canary[name=new-in-canary]"
    text("#result-count") == "1 failure scenario matches the filters."
    browser().findElement(By.id("result-count")).getAttribute("aria-live") == "polite"
    browser().currentUrl.contains("new-in-canary=true")
    (js.executeScript("return history.length") as long) == history

    when: "three arrow keys in a select make one request, after the last"
    def env = browser().findElement(By.id("f-environment"))
    int sent = js.executeScript("return window.requests") as int
    env.sendKeys(org.openqa.selenium.Keys.ARROW_DOWN)
    env.sendKeys(org.openqa.selenium.Keys.ARROW_DOWN)
    env.sendKeys(org.openqa.selenium.Keys.ARROW_DOWN)
    settle { browser().currentUrl.contains("environment=test") }

    then:
    new PollingConditions(timeout: 5).eventually {
      assert (js.executeScript("return window.requests") as int) == sent + 1
      assert A11y.focus(browser()).label == "select#f-environment[name=environment]"
    }
    (js.executeScript("return history.length") as long) == history
  }

  /** The request with a test run and case on every span, as a BaggageSpanProcessor puts them. */
  static ExportTraceServiceRequest marked(ExportTraceServiceRequest r, String run, String testCase) {
    def b = r.toBuilder()
    b.resourceSpansBuilderList.each { rs ->
      rs.scopeSpansBuilderList.each { ss ->
        ss.spansBuilderList.each { it.addAttributes(TestSpans.attr("test.run.id", run)).addAttributes(TestSpans.attr("test.case.name", testCase)) }
      }
    }
    b.build()
  }

  /** A screenshot of the whole page (up to 2,400 px high), the window restored afterwards. */
  void fullShot(String name) {
    long height = browser().executeScript("return document.documentElement.scrollHeight") as long
    browser().manage().window().setSize(new Dimension(1366, (int) Math.min(2400, Math.max(900, height + 140))))
    try {
      shot(name)
    } finally {
      browser().manage().window().setSize(new Dimension(1366, 900))
    }
  }

  void "a scenario lists the tests that cover it by their traces, and the test run the traffic its spans made"() {
    given: "a nightly run's spans reach checkout through Kafka: one case fails with production's read timeout, one passes"
    def traffic = new SyntheticTraffic(13)
    def target = SyntheticTraffic.Profile.healthy("checkout", "1.4.2", "stable")
    def readTimeout = marked(traffic.batch(target.withErrors(1.0, "java.net.SocketTimeoutException", "Read timed out after 2000 ms"),
        "POST", "/checkout", 3, Instant.now()), "nightly-7", "CheckoutIT.readTimeout")
    def happyPath = marked(traffic.batch(target.withErrors(0.0, "", ""), "POST", "/checkout", 4, Instant.now()),
        "nightly-7", "CheckoutIT.happyPath")
    def traces = readTimeout.resourceSpansList[0].scopeSpansList[0].spansList.collect { HexFormat.of().formatHex(it.traceId.toByteArray()) }
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { producer ->
      [readTimeout, happyPath].each { producer.send(new ProducerRecord<byte[], byte[]>("otlp_spans", it.toByteArray())).get() }
    }
    and: "its JUnit report declares the same test.run.id"
    def run = api().call("POST", "/api/v1/test-runs?service=checkout&version=1.4.2&suite=nightly", token("pipeline"), """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="checkout-nightly" tests="2" failures="1" errors="0" skipped="0" time="2.5">
  <properties><property name="test.run.id" value="nightly-7"/></properties>
  <testcase classname="CheckoutIT" name="readTimeout" time="2.1">
    <failure type="java.net.SocketTimeoutException" message="Read timed out after 2000 ms"/>
  </testcase>
  <testcase classname="CheckoutIT" name="happyPath" time="0.4"/>
</testsuite>
""", "application/xml").body.run.id
    signIn("qa")

    when: "QA opens production's read timeout on checkout"
    def scenario = api().get("/api/v1/scenarios?environment=production&service=checkout", token("qa")).body
        .find { it.operation == "POST /checkout" && it.errorClass == "java.net.SocketTimeoutException" }
    new PollingConditions(timeout: 60, delay: 0.5).eventually {
      open("/ui/scenarios/${scenario.id}")
      assert text("#covering").contains("CheckoutIT.readTimeout")
    }
    def covering = browser().findElement(By.cssSelector("#covering li[data-via=trace]"))

    then: "the covering case is linked by its traces, each linked to the trace UI, and the run is linked"
    text("h1").contains("POST /checkout")
    covering.text.contains("linked by its traces")
    covering.findElements(By.cssSelector(".trace a"))*.getAttribute("href") as Set ==
        traces.collect { "http://jaeger.example:16686/trace/$it" as String } as Set
    covering.findElement(By.linkText(run as String)).getAttribute("href").endsWith("/ui/test-runs/$run")
    browser().findElement(By.cssSelector("#touching li[data-via=trace]")).text.contains("CheckoutIT.happyPath")
    fullShot("13-scenario-covered-by-trace")

    when: "QA follows the run"
    covering.findElement(By.linkText(run as String)).click()
    settle { browser().currentUrl.endsWith("/ui/test-runs/$run") }
    new PollingConditions(timeout: 30, delay: 0.5).eventually {
      open("/ui/test-runs/$run")
      assert text("#traffic-failures").contains("CheckoutIT.readTimeout")
    }

    then: "its traffic section lists the operation its cases exercised and the failure mode they hit, with traces"
    text("#traffic").contains("nightly-7")
    text("#traffic-operations").contains("POST /checkout")
    text("#traffic-operations").contains("CheckoutIT.happyPath")
    text("#traffic-failures").contains("java.net.SocketTimeoutException")
    browser().findElements(By.cssSelector("#traffic-failures a"))*.getAttribute("href").every { it.startsWith("http://jaeger.example:16686/trace/") }
    fullShot("14-test-run-traffic")
  }
}
