package io.tollgate.rules

import io.tollgate.rules.check.IssuePrinter
import io.tollgate.rules.parse.GateParser
import io.tollgate.rules.ruletest.RuleTestRunner
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification

/** The examples in docs/rules.md are files; this spec keeps them true. */
class DocsExamplesSpec extends Specification {
  static final Path EXAMPLES = Path.of('../docs/examples')

  static List<String> files(String suffix) {
    Files.list(EXAMPLES).map { it.fileName.toString() }
        .filter { it.endsWith(suffix) && !it.startsWith('broken') }.sorted().toList()
  }

  void "documented gate #file lints clean"() {
    when:
    def r = GateParser.parse(file, Files.readString(EXAMPLES.resolve(file)))

    then: 'no issues but the reminder that a fixed-sample test is judged once, at the final look'
    r.ok()
    r.issues().every { it.message().contains('is a fixed-sample test') }

    where:
    file << files('-gate.yaml')
  }

  void "documented rule test #file passes"() {
    when:
    def report = RuleTestRunner.run(file, Files.readString(EXAMPLES.resolve(file))) {
      p -> Optional.of(Files.readString(EXAMPLES.resolve(p)))
    }

    then:
    report.issues().isEmpty()
    report.cases().size() >= 2
    report.cases().every { it.passed() }

    where:
    file << files('.test.yaml')
  }

  void "the deliberately broken example prints the documented positioned errors"() {
    given:
    def text = Files.readString(EXAMPLES.resolve('broken-gate.yaml'))

    when:
    def r = GateParser.parse('broken-gate.yaml', text)
    def printed = IssuePrinter.format(r.issues(), text)
    if (Boolean.getBoolean('golden.update')) {
      Files.writeString(EXAMPLES.resolve('broken-gate.lint.txt'), printed)
    }

    then:
    !r.ok()
    r.issues().size() == 10
    printed == Files.readString(EXAMPLES.resolve('broken-gate.lint.txt'))
  }

  void "every example embedded in docs/rules.md is identical to its file"() {
    given:
    def doc = Files.readString(Path.of('../docs/rules.md'))
    def blocks = (doc =~ /(?s)<!-- example: ([\w.\-]+) -->\n```\w*\n(.*?)\n```/).collect { [it[1], it[2]] }

    expect:
    blocks*.get(0) as Set == ['canary-gate.yaml', 'budget-gate.yaml', 'testrun-gate.yaml',
        'canary-gate.test.yaml', 'canary-ramp.test.yaml', 'broken-gate.yaml', 'broken-gate.lint.txt',
        'post-deploy-gate.yaml'] as Set
    blocks.each { name, body ->
      assert body == Files.readString(EXAMPLES.resolve(name)).stripTrailing(): "docs/rules.md block for ${name} is stale"
    }
  }
}
