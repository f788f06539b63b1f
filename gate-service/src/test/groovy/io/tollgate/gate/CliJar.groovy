package io.tollgate.gate

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** The {@code tollgate} CLI jar the build made, run as a separate process against a server. */
final class CliJar {
  static final Path JAR = Path.of("../cli/target/tollgate-cli.jar")

  private CliJar() {}

  /** Runs {@code tollgate args} with TOLLGATE_URL and TOLLGATE_TOKEN set; [code, out, err]. */
  static Map run(URI server, String token, String... args) {
    def pb = new ProcessBuilder([Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                 "-jar", JAR.toString()] + args.toList())
    pb.environment().put("TOLLGATE_URL", server.toString())
    pb.environment().put("TOLLGATE_TOKEN", token)
    def errFile = Files.createTempFile("cli", ".err")
    pb.redirectError(errFile.toFile())
    def p = pb.start()
    def out = p.inputStream.text
    assert p.waitFor(60, TimeUnit.SECONDS)
    [code: p.exitValue(), out: out, err: errFile.text]
  }
}
