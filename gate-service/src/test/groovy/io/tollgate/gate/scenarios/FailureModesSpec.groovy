package io.tollgate.gate.scenarios

import io.tollgate.ingest.signature.MessageNormalizer
import spock.lang.Specification

/** Test failures read in production's terms, with messages as real tools print them. */
class FailureModesSpec extends Specification {

  void "a failure reported as '#errorClass' shows #expected"() {
    expect:
    FailureModes.of(errorClass, message) == expected as LinkedHashSet

    where:
    errorClass                                  | message                                                                                 || expected
    "503"                                       | "Response code was 503, expected 200"                                                  || ["HTTP 503"]
    "org.opentest4j.AssertionFailedError"       | "expected: <200> but was: <503>"                                                        || ["org.opentest4j.AssertionFailedError", "HTTP 503"]
    "java.lang.AssertionError"                  | "1 expectation failed.\nExpected status code <200> but was <502>."                     || ["java.lang.AssertionError", "HTTP 502"]
    "java.lang.AssertionError"                  | "Expecting actual:\n  \"DECLINED\"\nto be equal to:\n  \"APPROVED\""                   || ["java.lang.AssertionError"]
    "org.springframework.web.client.HttpServerErrorException\$ServiceUnavailable" | "503 Service Unavailable: \"{\"error\":\"upstream\"}\"" || ["org.springframework.web.client.HttpServerErrorException\$ServiceUnavailable", "org.springframework.web.client.HttpServerErrorException", "HTTP 503"]
    "java.lang.RuntimeException"                | "Call failed: java.net.SocketTimeoutException: Read timed out"                         || ["java.lang.RuntimeException", "java.net.SocketTimeoutException"]
    "check"                                     | "42 of 1000 failed"                                                                     || ["check"]
    ""                                          | ""                                                                                      || ["unknown"]
    "Non HTTP response code: org.apache.http.conn.HttpHostConnectException" | "Connect to shop.local:443 failed: Connection refused" || ["Non HTTP response code: org.apache.http.conn.HttpHostConnectException", "org.apache.http.conn.HttpHostConnectException"]
  }

  void "messages are kept only for generic classes, normalized as ingest does"() {
    expect:
    FailureModes.template(FailureModes.errorClass(errorClass), message) == template

    where:
    errorClass                               | message                                                                 || template
    "java.lang.IllegalStateException"        | "Stock level for SKU 88412 went negative: -3"                           || "Stock level for SKU <num> went negative: <num>"
    "java.lang.RuntimeException"             | "order 5f0c7a2e-8b1d-4c3a-9e2f-1a2b3c4d5e6f not found at 2026-11-21T10:00:03Z" || "order <uuid> not found at <ts>"
    "java.sql.SQLTransientConnectionException" | "HikariPool-1 - Connection is not available, request timed out after 3001ms." || ""
    "503"                                    | "Response code was 503, expected 200"                                   || ""
    ""                                       | "timeout after 3012 ms talking to 10.0.3.7"                             || "timeout after <num> ms talking to <ip>"
  }

  void "the same failure mode in a test and in production has the same template"() {
    expect:
    FailureModes.template("java.lang.IllegalStateException", "Stock level for SKU 12 went negative: -1") ==
        MessageNormalizer.normalize("Stock level for SKU 88412 went negative: -3")
  }

  void "class names match with or without their package, never across HTTP statuses"() {
    expect:
    FailureModes.sameClass(a, b) == same

    where:
    a                                          | b                                   || same
    "java.net.SocketTimeoutException"          | "SocketTimeoutException"            || true
    "System.TimeoutException"                  | "java.util.concurrent.TimeoutException" || true
    "HTTP 503"                                 | "HTTP 503"                          || true
    "HTTP 503"                                 | "HTTP 502"                          || false
    "java.sql.SQLTransientConnectionException" | "java.sql.SQLException"             || false
  }
}
