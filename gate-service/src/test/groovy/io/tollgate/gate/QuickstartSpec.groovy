package io.tollgate.gate

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import jakarta.inject.Inject
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import spock.lang.Specification

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * Quickstart §3 as a newcomer runs it: its shell block, unchanged but for the service's address,
 * in bash from the repository root, with the real CLI jar and curl, against a running service.
 */
@MicronautTest
class QuickstartSpec extends Specification {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize()

  @Inject EmbeddedServer server

  static String block(String doc, String section) {
    def from = doc.indexOf(section)
    assert from >= 0: "no section '$section'"
    def start = doc.indexOf("```bash\n", from)
    def end = doc.indexOf("\n```", start + 8)
    doc.substring(start + 8, end)
  }

  void "quickstart §3 reaches a PASS from the documented commands"() {
    given:
    def doc = ROOT.resolve("docs/quickstart.md").text
    def script = block(doc, "## 3. Your first gate and decision")
        .replace("http://localhost:8080", server.URI.toString().replaceAll('/$', ''))
    assert Files.isRegularFile(ROOT.resolve("cli/target/tollgate-cli.jar"))

    when:
    def pb = new ProcessBuilder("bash", "-c", script).directory(ROOT.toFile()).redirectErrorStream(true)
    pb.environment().put("TOLLGATE_ADMIN_TOKEN", ADMIN)
    pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin").toString() + ":" + System.getenv("PATH"))
    def p = pb.start()
    def out = p.inputStream.text
    assert p.waitFor(120, TimeUnit.SECONDS)

    then:
    out.contains("docs/examples/starter-gate.yaml: ok")
    out =~ /(?m)^PASS  gate starter v\d+  evaluation \d+  score 100\.0%$/
    out.trim().endsWith("exit 0")

    and: "the output shown in the quickstart is what it prints"
    def shown = doc.substring(doc.indexOf("It prints:"))
    shown.contains("PASS  gate starter v1  evaluation 1  score 100.0%")
  }
}
