package io.tollgate.gate.api

import static io.tollgate.gate.ApiClient.ADMIN

import io.micronaut.jdbc.DataSourceResolver
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import jakarta.inject.Inject
import java.nio.file.Path
import java.time.Instant
import java.time.ZoneOffset
import javax.sql.DataSource
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

@MicronautTest
@Stepwise
class PagingSpec extends Specification {
  @Inject EmbeddedServer server
  @Inject DataSource transactional
  @Inject DataSourceResolver resolver
  @Shared Map<String, String> tokens = [:]

  ApiClient api() { new ApiClient(server.URI) }

  String token(String role) {
    tokens.computeIfAbsent(role) { api().post("/api/v1/tokens", ADMIN, [name: "paging-$role", role: role]).body.token }
  }

  /** Follows the Link headers from {@code first} to the last page; checks both headers agree. */
  List<Map> walk(String first, String tok) {
    List<Map> items = []
    String next = first
    int pages = 0
    while (next != null) {
      def r = api().get(next, tok)
      assert r.status == 200
      assert r.body instanceof List
      items.addAll(r.body)
      pages++
      def link = r.headers['link']?.first()
      def cursor = r.headers['x-next-cursor']?.first()
      assert (link == null) == (cursor == null)
      if (link != null) {
        def m = link =~ /^<([^>]+)>; rel="next"$/
        assert m.matches()
        next = m.group(1)
        assert next.contains("cursor=$cursor")
        assert r.body.size() > 0
      } else {
        next = null
      }
      assert pages < 200
    }
    items
  }

  void "scenarios: walking the pages returns every scenario once, in the unpaged order"() {
    given: 'a test run with 23 distinct failures, each a scenario'
    def cases = (0..<23).collect { i ->
      """  <testcase name="t$i" classname="com.example.Paged" time="0.1"><failure message="boom $i" type="com.example.Error$i">x</failure></testcase>"""
    }.join('\n')
    def junit = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="com.example.Paged" tests="23" failures="23" errors="0">
$cases
</testsuite>
""".toString()
    assert api().call("POST", "/api/v1/test-runs?service=paged&version=1.0", token("pipeline"), junit, "application/xml").status == 201

    when:
    def all = api().get("/api/v1/scenarios?service=paged&limit=1000", token("viewer"))
    def walked = walk("/api/v1/scenarios?service=paged&limit=4", token("viewer"))

    then:
    all.body.size() == 23
    all.headers['link'] == null
    walked*.id == all.body*.id
    walked*.id.toSet().size() == 23
  }

  void "scenarios: without a limit a page holds at most 100"() {
    when:
    def r = api().get("/api/v1/scenarios?service=paged", token("viewer"))

    then:
    r.status == 200
    r.body.size() == 23
    r.headers['x-next-cursor'] == null
  }

  void "test runs: pages of 2 cover all runs, newest first, and filters carry into the next page"() {
    given:
    def body = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="s" tests="1" failures="0" errors="0">\n  <testcase name="a" classname="C" time="0.1"/>\n</testsuite>\n'
    (0..<5).each { i ->
      assert api().call("POST", "/api/v1/test-runs?service=pagedrun&version=${i % 2}", token("pipeline"), body, "application/xml").status == 201
    }

    when:
    def walked = walk("/api/v1/test-runs?service=pagedrun&limit=2", token("viewer"))
    def v1 = walk("/api/v1/test-runs?service=pagedrun&version=1&limit=1", token("viewer"))

    then:
    walked.size() == 5
    walked*.id == walked*.id.sort(false).reverse()
    walked.every { it.service == 'pagedrun' }
    v1.size() == 2
    v1.every { it.version == '1' }
  }

  void "evaluations: pages of 3 cover every evaluation once, newest first"() {
    given: '8 evaluations of one gate'
    resolver.resolve(transactional).connection.withCloseable { c ->
      def at = Instant.now().atOffset(ZoneOffset.UTC)
      8.times {
        def ps = c.prepareStatement("""INSERT INTO evaluation (gate_name, gate_version, request, service, created_by, created_at, caller)
            VALUES ('paged-gate', 1, '{}', 'svc', 'spec', ?, 'name:spec')""", ['id'] as String[])
        ps.setObject(1, at)
        ps.executeUpdate()
        def keys = ps.generatedKeys
        keys.next()
        long id = keys.getLong(1)
        def job = c.prepareStatement("""INSERT INTO evaluation_job (evaluation_id, status, next_run_at, deadline_at, runs, updated_at)
            VALUES (?, 'DONE', ?, ?, 1, ?)""")
        [id, at, at, at].eachWithIndex { v, i -> job.setObject(i + 1, v) }
        job.executeUpdate()
        def d = c.prepareStatement("""INSERT INTO evaluation_decision (evaluation_id, outcome, pinned, excluded, updated_at)
            VALUES (?, 'PASS', FALSE, FALSE, ?)""")
        d.setObject(1, id)
        d.setObject(2, at)
        d.executeUpdate()
      }
    }

    when:
    def walked = walk("/api/v1/evaluations?gate=paged-gate&limit=3", token("viewer"))

    then:
    walked.size() == 8
    walked*.id.toSet().size() == 8
    walked*.id == walked*.id.sort(false).reverse()
  }

  void "gates and tokens page too"() {
    given:
    def yaml = Path.of("../docs/examples/testrun-gate.yaml").text
    (0..<5).each { i ->
      assert api().call("POST", "/api/v1/gates", token("sre"), yaml.replace("name: nightly-load-test", "name: paged-$i".toString()), "application/yaml").status == 201
    }
    (0..<4).each { i -> api().post("/api/v1/tokens", ADMIN, [name: "extra-$i", role: "viewer"]) }

    when:
    def gates = walk("/api/v1/gates?limit=2", token("viewer"))
    def allTokens = walk("/api/v1/tokens?limit=3", ADMIN)

    then:
    gates*.name.findAll { it.startsWith('paged-') } == (0..<5).collect { "paged-$it".toString() }
    gates*.name == gates*.name.sort(false)
    allTokens*.id == allTokens*.id.sort(false)
    allTokens*.id.toSet().size() == allTokens.size()
    allTokens*.name.containsAll((0..<4).collect { "extra-$it".toString() })
  }

  void "a bad limit or cursor is a 400 that says what is wrong, on every list"() {
    when:
    def r = api().get(path, path.startsWith('/api/v1/tokens') ? ADMIN : token("viewer"))

    then:
    r.status == 400
    r.type.startsWith('application/problem+json')
    r.body.detail.contains(says)

    where:
    path                                              || says
    '/api/v1/scenarios?limit=0'                       || 'limit must be a whole number from 1 to 1000'
    '/api/v1/scenarios?limit=1001'                    || 'limit must be'
    '/api/v1/test-runs?limit=abc'                     || 'limit must be'
    '/api/v1/evaluations?limit=-1'                    || 'limit must be'
    '/api/v1/gates?limit=2.5'                         || 'limit must be'
    '/api/v1/tokens?limit=99999999999'                || 'limit must be'
    '/api/v1/scenarios?cursor=not-a-cursor'           || 'cursor is not one this list returned'
    '/api/v1/scenarios?cursor=djE6eA'                 || 'cursor is not one this list returned'
    '/api/v1/test-runs?cursor=%25%25'                 || 'cursor is not one this list returned'
    '/api/v1/evaluations?cursor=djE6YWJj'             || 'cursor is not one this list returned'
    '/api/v1/tokens?cursor=Zm9v'                      || 'cursor is not one this list returned'
  }
}
