package io.tollgate.gate.ui

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import io.tollgate.gate.UiSession
import jakarta.inject.Inject
import spock.lang.Shared
import spock.lang.Specification

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * The UI's long lists are paged, not cut: 230 test runs and 150 failure scenarios are each reached
 * by following the page's next link, every item once, with the filter kept.
 */
@MicronautTest
class ListPagingSpec extends Specification {
  @Inject EmbeddedServer server
  @Shared Map<String, String> tokens = [:]

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "paging-$role", role: role]).body.token }
  }

  String html(String path, String cookie) {
    def r = api().call("GET", path, null, null, "text/plain", [Cookie: cookie])
    assert r.status == 200: "$path -> ${r.status}"
    r.text
  }

  /** Follows rel=next links from {@code first}; returns each page's HTML. */
  List<String> pages(String first, String cookie) {
    List<String> out = []
    String path = first
    while (path != null && out.size() < 20) {
      String page = html(path, cookie)
      out << page
      def next = page =~ /<a rel="next" href="([^"]+)"/
      path = next.find() ? next.group(1).replace('&amp;', '&') : null
    }
    out
  }

  static String junit(int n, boolean failing) {
    """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="com.example.PagingTest" tests="1" failures="${failing ? 1 : 0}">
  <testcase name="case$n" classname="com.example.PagingTest" time="0.1">${failing ? "<failure message=\"mode $n broke: code ${n * 7919}\" type=\"com.example.Failure$n\">trace</failure>" : ''}</testcase>
</testsuite>"""
  }

  void "230 test runs are three pages, newest first, each run once, the service filter kept"() {
    given:
    String pipeline = token("pipeline")
    230.times { n ->
      assert api().call("POST", "/api/v1/test-runs?service=${n % 2 ? 'paging-odd' : 'paging-even'}",
          pipeline, junit(n, false), "application/xml").status == 201
    }
    String cookie = UiSession.signIn(server.URI, token("viewer")).cookie

    when:
    def all = pages("/ui/test-runs", cookie)
    def even = pages("/ui/test-runs?service=paging-even", cookie)
    def ids = { List<String> ps -> ps.collectMany { p -> (p =~ /href="\/ui\/test-runs\/(\d+)"/).collect { it[1] as long } } }

    then:
    all.size() == 3
    ids(all).size() == 230
    ids(all).toSet().size() == 230
    ids(all) == ids(all).sort(false).reverse()
    even.size() == 2
    ids(even).size() == 115
    even[1].contains('Newest runs')
  }

  void "150 failure scenarios are two pages of the catalog, each once"() {
    given:
    String pipeline = token("pipeline")
    150.times { n ->
      assert api().call("POST", "/api/v1/test-runs?service=paging-scenarios", pipeline, junit(n, true), "application/xml").status == 201
    }
    String cookie = UiSession.signIn(server.URI, token("viewer")).cookie

    when:
    def ps = pages("/ui/scenarios?service=paging-scenarios", cookie)
    def ids = ps.collectMany { p -> (p =~ /data-scenario="([^"]+)"/).collect { it[1] } }

    then:
    ps.size() == 2
    ids.size() == 150
    ids.toSet().size() == 150
    ps[0].contains('150 failure scenarios')
    ps[1].contains('First page')
  }
}
