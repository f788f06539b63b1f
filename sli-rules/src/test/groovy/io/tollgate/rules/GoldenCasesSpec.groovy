package io.tollgate.rules

import io.tollgate.rules.eval.Judge
import io.tollgate.rules.eval.ResultPrinter
import io.tollgate.rules.observation.ObservationsReader
import io.tollgate.rules.parse.GateParser
import io.tollgate.rules.parse.Issues
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification

/**
 * Each directory under src/test/resources/rules holds gate.yaml, observations.json and the
 * expected report. Run with -Dgolden.update=true to rewrite expected.txt after a reviewed change.
 */
class GoldenCasesSpec extends Specification {
  static final Path ROOT = Path.of('src/test/resources/rules')

  static List<String> cases() {
    Files.list(ROOT).filter { Files.isDirectory(it) }.map { it.fileName.toString() }.sorted().toList()
  }

  void "GoldenCase compares the whole report and names the first differing line"() {
    given:
    def dir = ROOT.resolve('zero-baseline')
    def gate = Files.readString(dir.resolve('gate.yaml'))
    def obs = Files.readString(dir.resolve('observations.json'))
    def expected = Files.readString(dir.resolve('expected.txt'))

    expect:
    io.tollgate.rules.ruletest.GoldenCase.run('zero-baseline', gate, obs, expected).passed()
    with(io.tollgate.rules.ruletest.GoldenCase.run('zero-baseline', gate, obs, expected.replace('FAIL (score', 'PASS (score'))) {
      !passed()
      failures()[0].startsWith('expected.txt line 1:')
    }
  }

  void "golden case #name evaluates to its expected report"() {
    given:
    def dir = ROOT.resolve(name)
    def parsed = GateParser.parse('gate.yaml', Files.readString(dir.resolve('gate.yaml')))
    assert parsed.ok() && parsed.issues().every { it.message().contains('is a fixed-sample test') }: parsed.issues()
    def issues = new Issues('observations.json')
    def obs = ObservationsReader.read(Files.readString(dir.resolve('observations.json')), issues)
    assert obs.present: issues.sorted()

    when:
    def report = ResultPrinter.format(Judge.evaluate(parsed.gate().get(), obs.get()))
    def expectedFile = dir.resolve('expected.txt')
    if (Boolean.getBoolean('golden.update')) {
      Files.writeString(expectedFile, report)
    }

    then:
    report == Files.readString(expectedFile)

    where:
    name << cases()
  }
}
