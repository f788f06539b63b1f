package io.tollgate.gate.scenarios

import io.tollgate.telemetry.aggregate.FailureSignature
import io.tollgate.ingest.signature.MessageNormalizer
import java.time.Instant
import com.google.re2j.Pattern
import spock.lang.Specification

/** Whether recent tests cover, touch or miss a production failure signature. */
class CoverageCalculatorSpec extends Specification {

  static final Instant AT = Instant.parse("2026-11-20T12:00:00Z")

  static FailureSignature production(String service, String operation, String errorClass, String message = "") {
    new FailureSignature(service, "SERVER", operation, errorClass, message, MessageNormalizer.VERSION)
  }

  static TestEvidence exercised(String service, String operation) {
    new TestEvidence(new TestKey(TestKey.Kind.JMETER, operation), service, operation, 1, "1.0", AT, false, [] as Set, "", CoverageLink.LABEL)
  }

  static TestEvidence failed(String service, String operation, String errorClass, String message) {
    def cls = FailureModes.errorClass(errorClass)
    new TestEvidence(new TestKey(TestKey.Kind.JUNIT, "com.example.ApiTest.t"), service, operation, 2, "1.0", AT, true,
        FailureModes.of(errorClass, message), FailureModes.template(cls, message), CoverageLink.RULE)
  }

  /** A test case known by its spans: failed with {@code sig}, or only exercised the operation. */
  static TestEvidence traced(String testCase, String operation, FailureSignature sig = null) {
    new TestEvidence(new TestKey(TestKey.Kind.TRACE, testCase), "checkout", operation, 0, null, AT, sig != null,
        sig == null ? [] as Set : [sig.errorClass()] as Set, sig == null ? "" : sig.message(), CoverageLink.TRACE, sig?.id(), [])
  }

  void "a test known by its spans covers exactly the signature its spans failed with: #why"() {
    given:
    def sig = production("checkout", "POST /checkout", "java.net.SocketTimeoutException")

    when:
    def r = CoverageCalculator.of(sig, evidence)

    then:
    r.coverage() == coverage
    r.covering()*.test()*.key() == covering
    r.touching()*.test()*.key() == touching

    where:
    why                                         | evidence                                                                                                                           || coverage           | covering   | touching
    "same signature"                            | [traced("A", "POST /checkout", production("checkout", "POST /checkout", "java.net.SocketTimeoutException"))] || Coverage.COVERED   | ["A"]      | []
    "same class from a CLIENT span is another"  | [traced("A", "POST /checkout", new FailureSignature("checkout", "CLIENT", "POST /checkout", "java.net.SocketTimeoutException", "", MessageNormalizer.VERSION))] || Coverage.TOUCHED | [] | ["A"]
    "another class on the operation"            | [traced("A", "POST /checkout", production("checkout", "POST /checkout", "HTTP 500"))]                                                || Coverage.TOUCHED   | []         | ["A"]
    "exercised only"                            | [traced("A", "POST /checkout")]                                                                                                    || Coverage.TOUCHED   | []         | ["A"]
    "a covering case is not also touching"      | [traced("A", "POST /checkout"), traced("A", "POST /checkout", production("checkout", "POST /checkout", "java.net.SocketTimeoutException"))] || Coverage.COVERED | ["A"] | []
    "another operation"                         | [traced("A", "GET /cart", production("checkout", "GET /cart", "java.net.SocketTimeoutException"))]                                    || Coverage.UNCOVERED | []         | []
  }

  void "#why"() {
    expect:
    CoverageCalculator.of(signature, evidence).coverage() == coverage

    where:
    why                                                        | signature                                                                 | evidence                                                                                                      || coverage
    "no test exercised the operation: uncovered"               | production("checkout", "POST /checkout", "java.net.SocketTimeoutException") | []                                                                                                          || Coverage.UNCOVERED
    "a load test exercised it without that failure: touched"   | production("checkout", "POST /checkout", "java.net.SocketTimeoutException") | [exercised("checkout", "POST /checkout")]                                                                 || Coverage.TOUCHED
    "a test saw the same exception: covered"                   | production("payments", "POST /payments", "java.sql.SQLTransientConnectionException") | [failed("payments", "POST /payments", "java.sql.SQLTransientConnectionException", "HikariPool-1 - Connection is not available, request timed out after 3001ms.")] || Coverage.COVERED
    "a JMeter sample saw the same status: covered"             | production("checkout", "POST /checkout", "HTTP 503")                     | [failed("checkout", "POST /checkout", "503", "Response code was 503, expected 200")]                      || Coverage.COVERED
    "an assertion on the status counts: covered"               | production("checkout", "POST /checkout", "HTTP 503")                     | [failed("checkout", "POST /checkout", "java.lang.AssertionError", "Expected status code <200> but was <503>.")] || Coverage.COVERED
    "a different status is another failure mode: touched"      | production("checkout", "POST /checkout", "HTTP 503")                     | [failed("checkout", "POST /checkout", "java.lang.AssertionError", "Expected status code <200> but was <500>.")] || Coverage.TOUCHED
    "the same failure on another operation does not count"     | production("checkout", "POST /checkout", "HTTP 503")                     | [failed("checkout", "GET /cart", "503", "Response code was 503")]                                          || Coverage.UNCOVERED
    "the same failure of another service does not count"       | production("checkout", "POST /checkout", "HTTP 503")                     | [failed("payments", "POST /checkout", "503", "Response code was 503")]                                     || Coverage.UNCOVERED
    "a generic class needs the same message: covered"          | production("inventory", "GET /stock/{sku}", "java.lang.IllegalStateException", "Stock level for SKU <num> went negative: <num>") | [failed("inventory", "GET /stock/{sku}", "java.lang.IllegalStateException", "Stock level for SKU 7 went negative: -1")] || Coverage.COVERED
    "a generic class with another message: touched"            | production("inventory", "GET /stock/{sku}", "java.lang.IllegalStateException", "Stock level for SKU <num> went negative: <num>") | [failed("inventory", "GET /stock/{sku}", "java.lang.IllegalStateException", "Reservation expired")] || Coverage.TOUCHED
  }

  void "covering and touching tests are listed apart"() {
    given:
    def sig = production("checkout", "POST /checkout", "HTTP 503")
    def touching = exercised("checkout", "POST /checkout")
    def covering = failed("checkout", "POST /checkout", "503", "Response code was 503, expected 200")

    when:
    def r = CoverageCalculator.of(sig, [touching, covering])

    then:
    r.covering() == [covering]
    r.touching() == [touching]
  }

  void "mapping rules link tests to operations; load-test labels that read as routes link themselves"() {
    given:
    def links = new TestLinks([
        new MappingRule(1, TestKey.Kind.JUNIT, Pattern.compile(/^com\.example\.payments\.PaymentsApiTest\./), "payments", "POST /payments", "qa", AT),
        new MappingRule(2, null, Pattern.compile(/checkout flow/), "checkout", "POST /checkout", "qa", AT)])

    expect:
    links.operation(service, new TestKey(kind, key)) == operation

    where:
    service    | kind                 | key                                                     || operation
    "payments" | TestKey.Kind.JUNIT   | "com.example.payments.PaymentsApiTest.capturesPayment"  || "POST /payments"
    "checkout" | TestKey.Kind.JUNIT   | "com.example.payments.PaymentsApiTest.capturesPayment"  || null
    "payments" | TestKey.Kind.K6      | "com.example.payments.PaymentsApiTest.x"                || null
    "checkout" | TestKey.Kind.K6      | "checkout flow returns 200"                             || "POST /checkout"
    "checkout" | TestKey.Kind.JMETER  | "GET /cart"                                             || "GET /cart"
    "checkout" | TestKey.Kind.JMETER  | "Login page"                                            || null
    "checkout" | TestKey.Kind.JUNIT   | "com.example.CartTest.GET /cart"                        || null
  }
}
