package io.tollgate.ingest.testrun

import spock.lang.Specification

import static io.tollgate.ingest.testrun.TestCase.Status.*

class TestRunParsersSpec extends Specification {

  static TestRun parse(String resource, TestRunFormat format = null) {
    TestRunParsersSpec.getResourceAsStream("/testrun/$resource").withCloseable {
      format ? TestRunParsers.parse(format, it, Limits.DEFAULT) : TestRunParsers.parse(it, Limits.DEFAULT)
    }
  }

  static TestRunParseException failure(String text, TestRunFormat format, Limits limits = Limits.DEFAULT) {
    try {
      TestRunParsers.parse(format, new ByteArrayInputStream(text.getBytes("UTF-8")), limits)
    } catch (TestRunParseException e) {
      return e
    }
    throw new AssertionError("expected a parse error for: ${text.take(80)}")
  }

  void "a Surefire report with reruns tells flaky, failed, errored and skipped cases apart"() {
    when:
    def run = parse("surefire-rerun.xml")

    then:
    run.format() == TestRunFormat.JUNIT_XML
    run.cases()*.name() == ["placesOrder", "retriesPayment", "rejectsExpiredCard", "loadsCart", "appliesCoupon"]
    run.cases()*.status() == [PASSED, FLAKY, FAILED, ERROR, SKIPPED]
    run.cases()[1].reruns() == 1
    run.cases()[1].failureType() == "org.opentest4j.AssertionFailedError"
    run.cases()[2].reruns() == 1
    run.cases()[2].failureText().startsWith("org.opentest4j.AssertionFailedError: expected: <DECLINED>")
    run.cases()[3].failureMessage() == "Connection refused: localhost/127.0.0.1:5432"
    run.durationSeconds() == 3.412d
    run.passRatio() == 2 / 4d

    and: "the two real failures become failure records; the flaky pass does not"
    run.failures()*.errorClass() == ["org.opentest4j.AssertionFailedError", "org.postgresql.util.PSQLException"]
    run.failures()*.source().unique() == ["com.example.checkout.CheckoutServiceTest"]
  }

  void "nested test suites keep the innermost suite name"() {
    when:
    def run = parse("nested-suites.xml")

    then:
    run.cases().collect { [it.suite(), it.name(), it.status()] } == [
        ["cart totals", "adds tax", PASSED],
        ["cart totals", "rounds to cents", FAILED],
        ["login", "accepts valid user", PASSED]]
    run.cases()[1].failureText().contains("Received: 10.009999")
    run.durationSeconds() == 2.5d
  }

  void "both k6 summary shapes give the same metrics, checks and failed thresholds"() {
    when:
    def export = parse("k6-summary-export.json")
    def handle = parse("k6-handle-summary.json")

    then:
    [export, handle].every { run ->
      run.metrics()["http_req_duration"].stat("p(95)").asDouble == 512.8d &&
          run.metrics()["http_req_duration"].type() == "trend" &&
          run.metrics()["http_req_failed"].stat("rate").asDouble == 0.01d &&
          run.metrics()["http_req_failed"].type() == "rate" &&
          run.thresholds().findAll { it.failed() }*.expression() == ["p(95)<500"] &&
          run.thresholds().size() == 3
    }
    export.cases().collect { [it.suite(), it.name(), it.status(), it.passes(), it.fails()] } == [
        ["", "homepage 200", PASSED, 2000, 0],
        ["::checkout", "status is 200", FAILED, 970, 30],
        ["::checkout", "body has order id", PASSED, 1000, 0]]
    handle.cases().find { it.name() == "status is 200" }.fails() == 30
    handle.durationSeconds() == 60.4123d
    Double.isNaN(export.durationSeconds())
    export.failures().collect { [it.errorClass(), it.name(), it.count()] } == [
        ["check", "status is 200", 30], ["threshold", "http_req_duration", 1]]
  }

  void "JMeter results are aggregated per label by header name"() {
    when:
    def run = parse("jmeter-results.jtl")
    def cart = run.metrics()["jmeter:GET /cart"]
    def checkout = run.metrics()["jmeter:POST /checkout"]

    then:
    run.format() == TestRunFormat.JMETER_CSV
    cart.stat("count").asDouble == 500
    cart.stat("errors").asDouble == 0
    cart.stat("avg").asDouble == 149d
    // 500 samples, 100..198 step 2, ten of each: the 95th percentile (rank 474) is 194
    Math.abs(cart.stat("p(95)").asDouble - 194d) / 194d <= 0.0101
    checkout.stat("count").asDouble == 500
    checkout.stat("errors").asDouble == 20
    checkout.stat("error_rate").asDouble == 0.04d
    checkout.stat("min").asDouble == 201d
    checkout.stat("max").asDouble == 399d
    run.metrics()["jmeter:TOTAL"].stat("count").asDouble == 1000
    run.cases().collect { [it.name(), it.status(), it.fails()] } == [["GET /cart", PASSED, 0], ["POST /checkout", FAILED, 20]]
    run.failures().collect { [it.name(), it.errorClass(), it.message(), it.count()] } ==
        [["POST /checkout", "503", "Response code was 503, expected 200", 20]]
    run.durationSeconds() == (999 * 10 + 399 - 0) / 1000d
  }

  void "JMeter columns are found by name, in any order and with only the required ones"() {
    when:
    def run = TestRunParsers.parse(TestRunFormat.JMETER_CSV, new ByteArrayInputStream(
        "success,label,elapsed\ntrue,a,10\nfalse,a,30\n".bytes), Limits.DEFAULT)

    then:
    run.metrics()["jmeter:a"].stat("avg").asDouble == 20d
    run.failures()*.errorClass() == ["sampler"]
    Double.isNaN(run.durationSeconds())
  }

  void "the format is told from the content"() {
    expect:
    TestRunFormat.sniff(head.getBytes("UTF-8")) == Optional.ofNullable(format)

    where:
    head                               || format
    '<?xml version="1.0"?><testsuite>' || TestRunFormat.JUNIT_XML
    '\uFEFF  <testsuites>'             || TestRunFormat.JUNIT_XML
    ' {"metrics": {}}'                 || TestRunFormat.K6_SUMMARY
    'timeStamp,elapsed,label'          || TestRunFormat.JMETER_CSV
    '"label";"elapsed";"success"'      || TestRunFormat.JMETER_CSV
    'testsuite name="broken"'          || null
    'Hello, world'                     || null
    ''                                 || null
  }

  void "content that is none of the formats is refused with what each format expects"() {
    when:
    TestRunParsers.parse(new ByteArrayInputStream(text.getBytes("UTF-8")), Limits.DEFAULT)

    then:
    def e = thrown(TestRunParseException)
    e.describe().contains("tried JUnit XML (starts with '<'), k6 summary JSON (starts with '{') and JMeter CSV")
    e.describe().contains(start)

    where:
    text                                              || start
    'testsuite name="a"><testcase name="x"/>'         || "the file starts with 'testsuite name=\"a\"><testcase name=\"x\"/>'"
    'Hello, world\nsecond line'                       || "the file starts with 'Hello, world'"
    ''                                                || "the file starts with nothing (the file is empty)"
  }

  void "a broken file of a told format names the format and where it broke"() {
    when:
    TestRunParsers.parse(new ByteArrayInputStream(text.getBytes("UTF-8")), Limits.DEFAULT)

    then:
    def e = thrown(TestRunParseException)
    e.describe() == says

    where:
    text                                            || says
    '<testsuite name="a">\n  <testcase name="x">\n' || "line 3, column 1: read as JUnit XML (told from its first bytes): not well-formed XML: XML document structures must start and end within the same entity."
    '{"metrics": 3'                                 || "line 1, column 14: read as k6 summary JSON (told from its first bytes): not valid JSON: Unexpected end-of-input: expected close marker for Object"
    'timeStamp,elapsed,success\n1,2,true\n'          || "line 1: read as JMeter CSV (told from its first bytes): the header has no 'label' column (found: timeStamp,elapsed,success)"
  }

  void "Gradle's per-attempt reruns count each test once: failed then passed is flaky"() {
    when:
    def run = parse("gradle-retry.xml")

    then: "7 testcase elements, 4 of them failures, are 4 tests"
    run.cases().size() == 4
    run.cases().collect { [it.name(), it.status(), it.reruns(), it.passes(), it.fails()] } == [
        ["pays with a card", TestCase.Status.PASSED, 0, 1, 0],
        ["applies a voucher", TestCase.Status.FLAKY, 1, 1, 0],
        ["reserves stock", TestCase.Status.FLAKY, 1, 1, 0],
        ["sends the receipt", TestCase.Status.FAILED, 1, 0, 1],
    ]
    run.passRatio() == 0.75d

    and: "the flaky ones keep the first failure's reason; only the real failure is a failure"
    run.cases()[2].failureType() == "java.net.SocketTimeoutException"
    run.failures().collect { [it.name(), it.errorClass(), it.count()] } ==
        [["sends the receipt", "org.opentest4j.AssertionFailedError", 1L]]
    Math.abs(run.cases()[1].timeSeconds() - 0.555d) < 1e-9
  }

  void "pytest's report: module classnames, parametrized cases, fixture errors"() {
    when:
    def run = parse("pytest-junit.xml")

    then:
    run.cases().size() == 5
    run.count(TestCase.Status.PASSED) == 2
    run.count(TestCase.Status.FAILED) == 1
    run.count(TestCase.Status.ERROR) == 1
    run.count(TestCase.Status.SKIPPED) == 1
    run.cases()*.suite().unique() == ["pytest"]
    run.cases().find { it.name() == "test_charge" }.failureMessage().contains("ConnectionRefusedError")
    run.failures()*.source() == ["tests.test_cart", "tests.test_payment"]
  }

  void "hostile or broken files are refused with a message that says where"() {
    when:
    def e = failure(text, format)

    then:
    e.describe().contains(says)
    e.line() == line

    where:
    format                   | text                                                                                  || line | says
    TestRunFormat.JUNIT_XML  | '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n<testsuite>&lol2;</testsuite>' || 2 | "DOCTYPE"
    TestRunFormat.JUNIT_XML  | '<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<testsuite name="&xxe;"/>' || 2 | "DOCTYPE"
    TestRunFormat.JUNIT_XML  | '<testsuite name="a">\n  <testcase name="x">\n</testsuite>'                         || 3    | "not well-formed XML"
    TestRunFormat.JUNIT_XML  | '<html><body/></html>'                                                               || 1    | "expected <testsuites> or <testsuite>"
    TestRunFormat.JUNIT_XML  | '<testsuites>' + '<testsuite>' * 70                                                  || 1    | "nest deeper than 64"
    TestRunFormat.JUNIT_XML  | ''                                                                                   || 1    | "not well-formed XML"
    TestRunFormat.K6_SUMMARY | '{"metrics": {"http_reqs": {"count": 3}\n'                                           || 2    | "not valid JSON"
    TestRunFormat.K6_SUMMARY | '{"root_group": {}}'                                                                 || 1    | "not a k6 summary"
    TestRunFormat.K6_SUMMARY | '{"metrics": ' + '[' * 100 + ']' * 100 + '}'                                        || 1    | "nesting depth"
    TestRunFormat.JMETER_CSV | 'timeStamp,elapsed,success\n1,2,true\n'                                              || 1    | "no 'label' column"
    TestRunFormat.JMETER_CSV | 'label,elapsed,success\na,12,true\nb,fast,true\n'                                    || 3    | "'elapsed' is not a number: 'fast'"
    TestRunFormat.JMETER_CSV | 'label,elapsed,success\n'                                                            || 2    | "no samples"
  }

  void "a file larger than the limit is refused, not read to the end"() {
    given:
    def limits = new Limits(1024, 64, 1000, 100)
    def big = '<testsuite>' + '<testcase name="x"/>' * 1000 + '</testsuite>'

    expect:
    failure(big, TestRunFormat.JUNIT_XML, limits).message.contains("exceeds 1024 bytes")
    failure('{"metrics": {"a": "' + 'x' * 2000 + '"}}', TestRunFormat.K6_SUMMARY, limits).message.contains("exceeds 1024 bytes")
    failure("label,elapsed,success\n" + "a,1,true\n" * 500, TestRunFormat.JMETER_CSV, limits).message.contains("exceeds 1024 bytes")
  }

  void "too many cases are refused"() {
    given:
    def limits = new Limits(1_000_000, 64, 10, 100)

    expect:
    failure('<testsuite>' + '<testcase name="x"/>' * 11 + '</testsuite>', TestRunFormat.JUNIT_XML, limits)
        .message.contains("more than 10 test cases")
  }

  void "failure texts are truncated to the limit"() {
    given:
    def limits = new Limits(1_000_000, 64, 10, 100)
    def xml = '<testsuite><testcase name="x"><failure message="m" type="T">' + 'y' * 5000 + '</failure></testcase></testsuite>'

    when:
    def run = TestRunParsers.parse(TestRunFormat.JUNIT_XML, new ByteArrayInputStream(xml.bytes), limits)

    then:
    run.cases()[0].failureText().length() == 100
  }
}
