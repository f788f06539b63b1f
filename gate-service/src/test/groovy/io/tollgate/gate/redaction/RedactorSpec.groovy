package io.tollgate.gate.redaction

import io.micronaut.context.exceptions.ConfigurationException
import spock.lang.Specification

/** Redaction of real-world exception texts, HTTP logs and database errors, and its configuration. */
class RedactorSpec extends Specification {

  static Redactor redactor(List<String> patterns = [], List<String> names = [], List<String> raw = []) {
    new Redactor([getPatterns: { patterns }, getAttributeNames: { names }, getRawRoles: { raw }] as RedactionProperties)
  }

  void "#kind: secrets and personal data are replaced, the rest of the message stays"() {
    expect:
    redactor().text(message) == shown

    where:
    kind                  | message || shown
    "PostgreSQL auth"     | 'org.postgresql.util.PSQLException: FATAL: password authentication failed for user "app"' || 'org.postgresql.util.PSQLException: FATAL: password authentication failed for user "app"'
    "JDBC URL"            | 'Cannot create PoolableConnectionFactory (jdbc:postgresql://app:s3cr3tP4ss@10.2.3.4:5432/shop)' || 'Cannot create PoolableConnectionFactory (jdbc:postgresql://app:<redacted>@<ip>:5432/shop)'
    "Python requests"     | 'requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://api.example.com/v1/users?email=jane.doe@example.com&api_key=abcd1234efgh5678' || 'requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://api.example.com/v1/users?email=<email>&api_key=<redacted>'
    "Go dial IPv4"        | 'dial tcp 192.168.1.20:6379: connect: connection refused' || 'dial tcp <ip>:6379: connect: connection refused'
    "Go dial IPv6"        | 'dial tcp [2001:db8::1]:443: i/o timeout' || 'dial tcp [<ip>]:443: i/o timeout'
    "Java IPv6 loopback"  | 'java.net.ConnectException: Connection refused: /0:0:0:0:0:0:0:1:8080' || 'java.net.ConnectException: Connection refused: /<ip>:8080'
    "access log with JWT" | '10.0.0.12 - - [01/Dec/2026:08:15:02 +0000] "GET /api/orders?token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U HTTP/1.1" 500 123' || '<ip> - - [01/Dec/2026:08:15:02 +0000] "GET /api/orders?token=<jwt> HTTP/1.1" 500 123'
    "bearer header"       | 'Authorization: Bearer ghp_16C7e42F292c6912E7710c838347Ae178B4a' || 'Authorization: Bearer <token>'
    "GitHub token"        | 'git clone failed: remote: Invalid username or token ghp_16C7e42F292c6912E7710c838347Ae178B4a' || 'git clone failed: remote: Invalid username or token <github-token>'
    "AWS key id"          | 'com.amazonaws.services.s3.model.AmazonS3Exception: The AWS Access Key Id you provided does not exist in our records. (Service: Amazon S3; Status Code: 403; Error Code: InvalidAccessKeyId) key AKIAIOSFODNN7EXAMPLE' || 'com.amazonaws.services.s3.model.AmazonS3Exception: The AWS Access Key Id you provided does not exist in our records. (Service: Amazon S3; Status Code: 403; Error Code: InvalidAccessKeyId) key <aws-key>'
    "card with spaces"    | 'Payment declined for card 4111 1111 1111 1111 (order 1763719200123)' || 'Payment declined for card <card> (order 1763719200123)'
    "card with dashes"    | 'card_number=5500-0000-0000-0004 rejected by issuer' || 'card_number=<card> rejected by issuer'
    "not a Luhn number"   | 'Order 4111111111111112 not found' || 'Order 4111111111111112 not found'
    "epoch millis"        | 'timeout after 30000 ms at 1763719200000' || 'timeout after 30000 ms at 1763719200000'
    "PostgreSQL unique"   | 'ERROR: duplicate key value violates unique constraint "users_email_key" Detail: Key (email)=(john.smith@example.org) already exists.' || 'ERROR: duplicate key value violates unique constraint "users_email_key" Detail: Key (email)=(<email>) already exists.'
    "psycopg2"            | 'psycopg2.OperationalError: connection to server at "db.internal" (172.16.4.2), port 5432 failed: FATAL:  password authentication failed for user "svc"' || 'psycopg2.OperationalError: connection to server at "db.internal" (<ip>), port 5432 failed: FATAL:  password authentication failed for user "svc"'
    "cookie header"       | 'Request headers: Cookie: session=9f8e7d6c5b4a; theme=dark' || 'Request headers: Cookie: <redacted>; theme=dark'
    "Node DNS"            | 'Error: getaddrinfo ENOTFOUND api.internal at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:107:26)' || 'Error: getaddrinfo ENOTFOUND api.internal at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:107:26)'
    "JSON api_key"        | '{"api_key": "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "user": "x"}' || '{"api_key": "<api-key>", "user": "x"}'
    "query password"      | 'GET /login?user=ann&password=hunter2 HTTP/1.1 401' || 'GET /login?user=ann&password=<redacted> HTTP/1.1 401'
    "SMTP recipient"      | 'smtp: 550 5.1.1 <bob@example.net>: Recipient address rejected' || 'smtp: 550 5.1.1 <<email>>: Recipient address rejected'
    "Slack token"         | 'slack: invalid_auth for xoxb-123456789012-abcdefGHIJKL' || 'slack: invalid_auth for <token>'
    "Java JWT"            | 'io.jsonwebtoken.ExpiredJwtException: JWT expired at 2026-11-30T10:00:00Z, token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.abc123def456' || 'io.jsonwebtoken.ExpiredJwtException: JWT expired at 2026-11-30T10:00:00Z, token <jwt>'
    "Rust path, times"    | 'called `Result::unwrap()` on an `Err` value: std::io::Error at 10:15:30' || 'called `Result::unwrap()` on an `Err` value: std::io::Error at 10:15:30'
    "Java stack frame"    | 'at com.example.shop.CheckoutService.pay(CheckoutService.java:142)' || 'at com.example.shop.CheckoutService.pay(CheckoutService.java:142)'
    "HikariCP"            | 'HikariPool-1 - Connection is not available, request timed out after 3000ms.' || 'HikariPool-1 - Connection is not available, request timed out after 3000ms.'
    "basic auth"          | 'upstream sent Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l' || 'upstream sent Authorization: Basic <token>'
    "basic authentication"| 'Basic authentication failed' || 'Basic authentication failed'
    "private key"         | 'bad key -----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY----- end' || 'bad key <private-key> end'
  }

  void "attributes named like a secret are hidden whole: #name"() {
    expect:
    redactor().attribute(name, value) == shown

    where:
    name                                | value                       || shown
    "http.request.header.authorization" | "Basic dXNlcjpwYXNz"        || "<redacted>"
    "db.password"                       | "hunter2"                   || "<redacted>"
    "http.request.header.cookie"        | "sid=1"                     || "<redacted>"
    "api_key"                           | "x"                         || "<redacted>"
    "user.session_id"                   | "abc"                       || "<redacted>"
    "enduser.id"                        | "jane@example.com"          || "<email>"
    "client.address"                    | "203.0.113.9"               || "<ip>"
    "service.name"                      | "checkout"                  || "checkout"
  }

  void "configured patterns and attribute names add to the built-in ones"() {
    given:
    def r = redactor(['ORD-[0-9]{6}'], ['(?i)^ssn$'])

    expect:
    r.text("order ORD-123456 of jane@example.com") == "order <redacted> of <email>"
    r.attribute("ssn", "078-05-1120") == "<redacted>"
    r.attribute("ssn_hint", "x") == "x"
  }

  void "a configuration that cannot be honoured fails at start: #why"() {
    when:
    redactor(patterns, [], raw)

    then:
    def e = thrown(ConfigurationException)
    e.message.contains(says)

    where:
    why                       | patterns                  | raw    || says
    "backtracking construct"  | ['(?<=x)y']               | []     || "patterns[0]: not an RE2 expression"
    "too many patterns"       | (1..33).collect { "a" + it } | []    || "at most 32 patterns"
    "a pattern too long"      | ['a' * 501]               | []     || "patterns[0]: longer than 500"
    "qa may never see raw"    | []                        | ['qa'] || "'qa' cannot see raw values"
    "viewer may never see raw"| []                        | ['viewer'] || "'viewer' cannot see raw values"
  }

  void "redaction stays linear on a long hostile text"() {
    given:
    def text = ("a" * 20_000) + "@" + ("1." * 20_000) + (":" * 20_000)

    when:
    long start = System.nanoTime()
    redactor().text(text)
    long ms = (System.nanoTime() - start) / 1_000_000

    then:
    ms < 5_000
  }
}
