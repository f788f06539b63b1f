package io.tollgate.gate.ui

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import io.tollgate.gate.UiSession
import io.tollgate.gate.deploy.DeployEventsSpec
import jakarta.inject.Inject
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * The changes pages over changes received through the API: who may read them, a watch linking to
 * its decision and the decision back to its change, hostile values shown as text.
 */
@MicronautTest
@Stepwise
class ChangePagesSpec extends Specification {
  static final String HOSTILE = '<script>alert("x")</script>'

  @Inject EmbeddedServer server
  @Shared Map<String, String> tokens = [:]
  @Shared Map<String, Object> ids = [:]

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "changes-ui-$role", role: role]).body.token }
  }

  def page(String path, String role) {
    api().call("GET", path, null, null, "text/plain", [Cookie: UiSession.signIn(server.URI, token(role)).cookie])
  }

  void "a deployment of a bound service, a flag change and a hostile deployment are received"() {
    when:
    assert api().call("POST", "/api/v1/gates", token("sre"), DeployEventsSpec.gate("ui-cart-watch", """  bindings:
    - trigger: deploy
      services: [ui-cart]
      watch: 10m
      every: 5s"""), "application/yaml").status in [200, 201]
    def bound = api().post("/api/v1/deployments", token("pipeline"),
        [service: "ui-cart", version: "2.1.0", previousVersion: "2.0.0", environment: "production"])
    def flag = api().post("/api/v1/flag-changes", token("pipeline"),
        [service: "ui-cart", flag: "new-checkout", variant: "on", environment: "production"])
    def hostile = api().post("/api/v1/deployments", token("sre"),
        [service: HOSTILE, version: HOSTILE, previousVersion: "'\"><img src=x onerror=alert(1)>", environment: HOSTILE, id: HOSTILE])
    ids.bound = bound.body.id
    ids.flag = flag.body.id
    ids.hostile = hostile.body.id
    ids.evaluation = bound.body.watches[0].evaluationId

    then:
    [bound, flag, hostile]*.status == [201, 201, 201]
    bound.body.watches*.gate == ["ui-cart-watch"]
    ids.evaluation != null
  }

  void "#role reads the changes pages"() {
    when:
    def list = page("/ui/changes", role)
    def one = page("/ui/changes/${ids.bound}", role)

    then:
    list.status == 200
    list.text.contains("href=\"/ui/changes/${ids.bound}\"")
    list.text.contains("<code>new-checkout=on</code>")
    list.text =~ /2\.1\.0<\/span><small> from 2\.0\.0<\/small>/
    list.text.contains("href=\"/ui/decisions/${ids.evaluation}\"")
    list.text.contains('<a href="/ui/changes" aria-current="page" class="current">Changes</a>')
    one.status == 200
    one.text.contains('data-gate="ui-cart-watch"')
    one.text.contains("href=\"/ui/decisions/${ids.evaluation}\">#${ids.evaluation}</a>")
    one.text.contains('<span class="rec continue">continue</span>')

    where:
    role << ["viewer", "qa", "sre", "admin"]
  }

  void "a pipeline token cannot sign in to the UI; without a session the pages send to sign-in"() {
    when:
    def login = api().call("POST", "/ui/login", null, "token=" + token("pipeline"), "application/x-www-form-urlencoded")
    def anonymous = api().call("GET", "/ui/changes", null, null, "text/plain")
    def anonymousOne = api().call("GET", "/ui/changes/${ids.bound}", null, null, "text/plain")

    then:
    login.status != 303
    anonymous.status == 303
    anonymous.headers.find { it.key.equalsIgnoreCase("Location") }.value[0].endsWith("/ui/login")
    anonymousOne.status == 303
  }

  void "hostile service, version and source id are shown as text, never as markup"() {
    when:
    def list = page("/ui/changes", "viewer")
    def one = page("/ui/changes/${ids.hostile}", "viewer")
    def filtered = page("/ui/changes?service=" + URLEncoder.encode(HOSTILE, "UTF-8"), "viewer")

    then:
    [list, one, filtered].every { it.status == 200 }
    [list, one, filtered].every { !it.text.contains("<script>alert") && !it.text.contains("<img src=x") }
    list.text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
    one.text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
    one.text.contains("&lt;img src=x onerror=alert(1)&gt;")
    filtered.text.contains("href=\"/ui/changes/${ids.hostile}\"")
    !filtered.text.contains("href=\"/ui/changes/${ids.bound}\"")
  }

  void "the decision of a post-deploy watch shows its recommendation and links back to the change"() {
    when:
    def decision = page("/ui/decisions/${ids.evaluation}", "viewer")

    then:
    decision.status == 200
    decision.text.contains('id="recommendation"')
    decision.text =~ /class="rec (continue|promote|rollback)"/
    decision.text.contains("href=\"/ui/changes/${ids.bound}\">change ${ids.bound}</a>")
  }

  void "bad paging and ids are refused: #path"() {
    expect:
    page(path, "viewer").status == status

    where:
    path                       || status
    "/ui/changes?before=x"     || 400
    "/ui/changes?before=-1"    || 400
    "/ui/changes/abc"          || 404
    "/ui/changes/999999999"    || 404
  }

  void "a list is paged by the id it ended at"() {
    when:
    def older = page("/ui/changes?before=${ids.hostile}", "viewer")

    then:
    older.status == 200
    older.text.contains("href=\"/ui/changes/${ids.bound}\"")
    !older.text.contains("href=\"/ui/changes/${ids.hostile}\"")
    older.text.contains("Newest changes")
  }
}
