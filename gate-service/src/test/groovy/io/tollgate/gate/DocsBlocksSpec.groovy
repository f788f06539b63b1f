package io.tollgate.gate

import com.fasterxml.jackson.databind.ObjectMapper
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.yaml.snakeyaml.Yaml
import spock.lang.Specification

/**
 * Every fenced example in docs/*.md and the README is read as what it claims to be: YAML and JSON
 * blocks parse, shell blocks pass {@code bash -n}, and a block that starts like a command must be
 * marked {@code bash} so it is checked too. (Gate files, integration examples and the quickstart
 * are run by DocsExamplesSpec, IntegrationExamplesSpec and QuickstartSpec.)
 */
class DocsBlocksSpec extends Specification {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize()
  static final def COMMAND = ~/^(\.\/mvnw|java |curl |export |kubectl |helm |docker |bench\/|sudo |tollgate |cli |TOKEN=)/

  record Block(String file, int line, String lang, String text) {
    String toString() { "$file:$line ($lang)" }
  }

  static List<Block> blocks() {
    def files = Files.list(ROOT.resolve("docs")).filter { it.toString().endsWith(".md") }.sorted().toList() +
        [ROOT.resolve("README.md")]
    def out = []
    files.each { f ->
      def lines = f.text.split("\n", -1)
      int i = 0
      while (i < lines.length) {
        def m = lines[i] =~ /^```(\w*)\s*$/
        if (m.matches()) {
          int j = i + 1
          while (j < lines.length && !lines[j].startsWith("```")) j++
          out << new Block(ROOT.relativize(f).toString(), i + 1, m.group(1), lines[(i + 1)..<j].join("\n"))
          i = j + 1
        } else {
          i++
        }
      }
    }
    out
  }

  void "YAML example #block parses"() {
    expect:
    new Yaml().loadAll(block.text()).toList().size() >= 1

    where:
    block << blocks().findAll { it.lang() == "yaml" }
  }

  void "JSON example #block parses"() {
    expect:
    new ObjectMapper().readTree(block.text()) != null

    where:
    block << blocks().findAll { it.lang() == "json" }
  }

  void "shell example #block is valid bash"() {
    when:
    def p = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start()
    p.outputStream.withWriter { it << block.text() }
    def out = p.inputStream.text
    assert p.waitFor(10, TimeUnit.SECONDS)

    then:
    p.exitValue() == 0
    out.isEmpty()

    where:
    block << blocks().findAll { it.lang() in ["bash", "sh", "shell"] }
  }

  void "a block that starts like a command is marked bash, so it is checked"() {
    when:
    def unmarked = blocks().findAll { it.lang().isEmpty() && it.text().readLines().find() ==~ /${COMMAND}.*/ }

    then:
    unmarked.isEmpty()
  }

  void "an example file shown in the docs is shown as it is: #file"() {
    given:
    def text = file.text.strip()
    def first = text.readLines()[0]

    when:
    def shown = blocks().findAll { it.text().readLines().find() == first }

    then:
    shown.every { it.text().strip() == text }

    where:
    file << Files.walk(ROOT.resolve("docs/examples")).filter { Files.isRegularFile(it) }
        .filter { it.text.readLines().find()?.startsWith("#") && it.text.readLines()[0].length() > 20 }
        .sorted().toList()
  }
}
