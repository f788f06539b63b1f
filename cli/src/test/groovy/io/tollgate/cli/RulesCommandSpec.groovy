package io.tollgate.cli

import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

class RulesCommandSpec extends Specification {
  static final Path EXAMPLES = Path.of('../docs/examples')

  @TempDir
  Path tmp

  static Map run(String... args) {
    def out = new StringWriter()
    def err = new StringWriter()
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args)
    [code: code, out: out.toString(), err: err.toString()]
  }

  void "lint exits 0 on clean gates and on warnings"() {
    when:
    def r = run('rules', 'lint', "${EXAMPLES}/canary-gate.yaml", "${EXAMPLES}/budget-gate.yaml")

    then: 'the canary gate has only anytime-valid tests, so not even the fixed-sample reminder'
    r.code == 0
    r.out.contains('canary-gate.yaml: ok')
    r.out.contains('budget-gate.yaml: ok')
  }

  void "lint exits 1 with positioned messages, the source line and a caret"() {
    when:
    def r = run('rules', 'lint', "${EXAMPLES}/broken-gate.yaml")

    then:
    r.code == 1
    r.out.contains("broken-gate.yaml:20:11: error: unknown key 'wieght' (did you mean 'weight'?)")
    r.out.contains('          wieght: 2\n          ^\n')
    r.out.trim().endsWith('9 error(s), 1 warning(s)')
  }

  void "lint reports a file it cannot read as an issue"() {
    expect:
    run('rules', 'lint', tmp.resolve('nope.yaml').toString()).with {
      it.code == 1 && it.out.contains('nope.yaml: error: cannot read file')
    }
  }

  void "test runs the documented rule tests and exits 0 when all pass"() {
    when:
    def r = run('rules', 'test', "${EXAMPLES}/canary-gate.test.yaml", "${EXAMPLES}/testrun-gate.test.yaml")

    then:
    r.code == 0
    r.out.contains('PASS')
    r.out.contains('5 passed, 0 failed')
  }

  void "test runs golden case directories"() {
    given:
    def cases = Files.list(Path.of('../sli-rules/src/test/resources/rules')).map { it.toString() }.sorted().toList()

    when:
    def r = run(['rules', 'test'] + cases as String[])

    then:
    cases.size() >= 7
    r.code == 0
    r.out.contains("${cases.size()} passed, 0 failed")
  }

  void "test prints what differed and exits 1 when an expectation fails"() {
    given:
    Files.copy(EXAMPLES.resolve('testrun-gate.yaml'), tmp.resolve('testrun-gate.yaml'))
    def test = tmp.resolve('wrong.test.yaml')
    Files.writeString(test, '''\
gate: testrun-gate.yaml
tests:
  - name: expects the wrong outcome
    observations:
      pass_ratio: {current: {requests: 100, errors: 50}}
    expect:
      outcome: pass
      slis: {pass_ratio: pass}
''')

    when:
    def r = run('rules', 'test', test.toString())

    then:
    r.code == 1
    r.out.contains('FAIL')
    r.out.contains('gate: expected PASS, got FAIL')
    r.out.contains('sli pass_ratio: expected PASS, got FAIL')
    r.out.contains('0 passed, 1 failed')
  }

  void "import prints a gate that lints clean, with the notes as comments"() {
    given:
    def dir = Path.of('../sli-rules/src/test/resources/import/keptn')

    when:
    def r = run('rules', 'import', '--from', 'keptn', '--sli', "${dir}/carts-sli-prometheus.yaml", "${dir}/carts-slo-quality-gates.yaml")
    def gate = tmp.resolve('imported.yaml')
    Files.writeString(gate, r.out)

    then:
    r.code == 0
    r.out.startsWith('# Imported from')
    r.out.contains('kind: Gate')
    r.err.contains("warning: the warning group has no ratio criterion")
    r.out.contains('absolute:\n              pass: < 600')
    run('rules', 'lint', gate.toString()).code == 0
  }

  void "import exits 1 and reports positions when parts cannot be mapped"() {
    when:
    def r = run('rules', 'import', '--from', 'openslo', '../sli-rules/src/test/resources/import/openslo/ratio-timeslices.yaml')

    then:
    r.code == 1
    r.out.isEmpty()
    r.err.contains("ratio-timeslices.yaml:19:13: error: good: metric source type 'Any' cannot be mapped")
  }

  void "usage errors exit 64"() {
    expect:
    run(args as String[]).code == 64

    where:
    args << [['rules', 'lint'], ['rules', 'frobnicate'], ['--no-such-option'], [], ['rules'],
             ['rules', 'import', 'x.yaml'], ['rules', 'import', '--from', 'kayenta', 'x.yaml']]
  }
}
