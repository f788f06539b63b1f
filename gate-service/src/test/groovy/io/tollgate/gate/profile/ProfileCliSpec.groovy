package io.tollgate.gate.profile

import groovy.json.JsonSlurper
import io.micronaut.jdbc.DataSourceResolver
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import io.tollgate.gate.CliJar
import io.tollgate.telemetry.store.AggregateReader
import jakarta.inject.Inject
import java.nio.file.Files
import java.nio.file.Path
import javax.sql.DataSource
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import static io.tollgate.gate.ApiClient.ADMIN

/** {@code tollgate profile} and {@code tollgate export k6} as a separate process, as QA runs them. */
@MicronautTest(transactional = false)
@Stepwise
class ProfileCliSpec extends Specification {
  static final Path JAR = CliJar.JAR

  @Inject EmbeddedServer server
  @Inject DataSource dataSource
  @Inject DataSourceResolver resolver
  @Inject AggregateReader migrated
  @Shared String token

  Map tollgate(String... args) {
    CliJar.run(server.URI, token, args)
  }

  void "profile prints each operation's share, rates and latency, and the daily shape"() {
    given:
    assert Files.isRegularFile(JAR)
    new ProductionTraffic().write(resolver.resolve(dataSource))
    token = new ApiClient(server.URI).post("/api/v1/tokens", ADMIN, [name: "cli-qa", role: "qa"]).body.token

    when:
    def r = tollgate("profile", "shop")
    def json = tollgate("profile", "shop", "--window", "3d", "--json")

    then:
    r.code == 0
    r.out =~ /(?m)^GET \/items\s+86\.15%\s+10\.0\s+40\.0\s+40\.0\s+0\.000%/
    r.out =~ /(?m)^POST \/checkout\s+13\.85%\s+2\.0\s+2\.0\s+30\.0\s+4\.976%/
    r.out.contains("Daily shape")
    (r.out =~ /(?m)^  \d\d:00 /).count == 24
    json.code == 0
    new JsonSlurper().parseText(json.out).operations*.operation == ["GET /items", "POST /checkout"]
  }

  void "export k6 prints a script Node parses, at the peak times the headroom"() {
    when:
    def r = tollgate("export", "k6", "--service", "shop", "--headroom", "2", "--duration", "15m")
    def file = Files.createTempFile("load", ".js")
    Files.writeString(file, r.out)
    def node = new ProcessBuilder("node", "--check", file.toString()).redirectErrorStream(true).start()

    then:
    r.code == 0
    node.waitFor() == 0
    r.out.contains("executor: 'constant-arrival-rate',\n      rate: 80,")
    r.out.contains("duration: '15m'")
  }

  void "bad parameters exit 64 with the server's reason; an unknown service exits 3"() {
    expect:
    with(tollgate("export", "k6", "--service", "shop", "--headroom", "0")) {
      code == 64 && err.contains("'headroom'")
    }
    with(tollgate("profile", "shop", "--window", "90d")) {
      code == 64 && err.contains("'window'")
    }
    with(tollgate("profile", "nope")) {
      code == 3 && err.contains("nope")
    }
    with(tollgate("export")) {
      code == 64 && err.contains("missing command: k6")
    }
    with(tollgate("export", "k6")) {
      code == 64 && err.contains("--service")
    }
    with(tollgate("help", "export", "k6")) {
      code == 0 && out.contains("--headroom=<headroom>") && out.contains("--gate=<gate>")
    }
  }
}
