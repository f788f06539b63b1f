package io.tollgate.gate.ui

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import io.tollgate.gate.UiSession
import jakarta.inject.Inject
import java.time.Instant
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * The web UI's session is server-side and revocable, never the API token; sign-in is throttled;
 * every response carries CSP and nosniff; cached tokens end at their expiry; /health details are
 * for admins.
 */
@MicronautTest
class SessionSecuritySpec extends Specification {
  @Inject EmbeddedServer server
  @Shared Map<String, String> tokens = [:]

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "s-$role", role: role]).body.token }
  }

  Map page(String path, String cookie) {
    api().call("GET", path, null, null, "text/plain", [Cookie: cookie])
  }

  void "the session cookie is a random id, HttpOnly and SameSite, not the token"() {
    when:
    def s = UiSession.signIn(server.URI, token("sre"))

    then:
    !s.cookie.contains(token("sre"))
    s.cookie ==~ /tollgate_session=tgs_[A-Za-z0-9_-]{40,}/
    s.setCookie.toLowerCase().contains("httponly")
    s.setCookie.contains("SameSite=Strict")
    !s.setCookie.contains("Secure")
    page("/ui/decisions", s.cookie).status == 200
  }

  void "the server root and /ui lead to the UI: #path -> #next"() {
    when:
    def r = api().call("GET", path, null, null, "text/plain", cookie ? [Cookie: UiSession.signIn(server.URI, token(cookie)).cookie] : [:])

    then:
    r.status == 303
    r.headers["location"] == [next]

    where:
    path   | cookie || next
    "/"    | null   || "/ui/"
    "/ui"  | null   || "/ui/"
    "/ui"  | "qa"   || "/ui/"
    "/ui/" | null   || "/ui/login"
    "/ui/" | "sre"  || "/ui/decisions"
    "/ui/" | "qa"   || "/ui/scenarios"
  }

  void "behind a TLS-terminating proxy the cookie is Secure"() {
    expect:
    UiSession.signIn(server.URI, token("sre"), ["X-Forwarded-Proto": "https"]).setCookie.contains("Secure")
  }

  void "a raw API token in the cookie does not sign in, and a session id is no API token"() {
    given:
    def s = UiSession.signIn(server.URI, token("sre"))

    expect:
    page("/ui/decisions", "tollgate_session=${token("sre")}").status == 303
    api().get("/api/v1/whoami", s.cookie.substring("tollgate_session=".length())).status == 401
  }

  void "logging out needs the session's CSRF token and ends the session on the server"() {
    given:
    def s = UiSession.signIn(server.URI, token("sre"))
    def logout = { String csrf ->
      api().call("POST", "/ui/logout", null, "_csrf=$csrf".toString(), "application/x-www-form-urlencoded", [Cookie: s.cookie])
    }

    expect:
    logout("forged").status == 403
    page("/ui/decisions", s.cookie).status == 200

    when:
    def r = logout(s.csrf)

    then: "the old cookie no longer works, even if a browser kept it"
    r.status == 303
    page("/ui/decisions", s.cookie).status == 303
  }

  void "revoking the token ends its sessions"() {
    given:
    def created = api().post("/api/v1/tokens", ADMIN, [name: "revoked-ui", role: "viewer"]).body
    def s = UiSession.signIn(server.URI, created.token)
    assert page("/ui/decisions", s.cookie).status == 200

    when:
    api().delete("/api/v1/tokens/${created.info.id}", ADMIN)

    then:
    page("/ui/decisions", s.cookie).status == 303
  }

  void "after ten failed sign-ins a client is refused for a minute"() {
    when:
    def statuses = (1..12).collect {
      api().call("POST", "/ui/login", null, "token=wrong-$it".toString(), "application/x-www-form-urlencoded").status
    }
    def retry = api().call("POST", "/ui/login", null, "token=${token("viewer")}".toString(), "application/x-www-form-urlencoded")

    then:
    statuses.take(10).every { it == 401 }
    statuses.drop(10).every { it == 429 }
    retry.status == 429
  }

  void "every response carries a Content-Security-Policy and nosniff: #path"() {
    when:
    def r = api().http.send(java.net.http.HttpRequest.newBuilder(server.URI.resolve(path)).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding())

    then:
    r.headers().firstValue("X-Content-Type-Options").orElse("") == "nosniff"
    r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'")

    where:
    path << ["/ui/login", "/api/v1/gates", "/health/liveness", "/no/such/page", "/static/tollgate.css"]
  }

  void "a cached token stops working at its expiresAt"() {
    given:
    def created = api().post("/api/v1/tokens", ADMIN,
        [name: "short", role: "viewer", expiresAt: Instant.now().plusSeconds(3).toString()]).body

    expect:
    api().get("/api/v1/whoami", created.token).status == 200
    new PollingConditions(timeout: 10, delay: 0.2).eventually {
      assert api().get("/api/v1/whoami", created.token).status == 401
    }
  }

  void "/health shows details to admins only"() {
    expect:
    api().get("/health/readiness").body.keySet() == ["status"] as Set
    api().get("/health/readiness", token("sre")).body.keySet() == ["status"] as Set
    api().get("/health/readiness", ADMIN).body.details.jdbc.status == "UP"
  }
}
