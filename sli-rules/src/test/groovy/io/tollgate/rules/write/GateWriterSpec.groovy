package io.tollgate.rules.write

import io.tollgate.rules.eval.Judge
import io.tollgate.rules.eval.ResultPrinter
import io.tollgate.rules.observation.ObservationsReader
import io.tollgate.rules.parse.GateParser
import io.tollgate.rules.parse.Issues
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification

class GateWriterSpec extends Specification {

  static List<Path> gates() {
    def docs = Files.list(Path.of('../docs/examples')).filter { it.toString().endsWith('-gate.yaml') && !it.fileName.toString().startsWith('broken') }
    def golden = Files.list(Path.of('src/test/resources/rules')).map { it.resolve('gate.yaml') }
    (docs.toList() + golden.toList()).sort()
  }

  void "writing #file and reading it back gives the same gate"() {
    given:
    def first = GateParser.parse('a.yaml', Files.readString(file))
    assert first.ok()

    when:
    def yaml = GateWriter.write(first.gate().get())
    def second = GateParser.parse('b.yaml', yaml)

    then: 'only the reminder that fixed-sample tests are judged at the final look may remain'
    second.ok()
    second.issues().every { it.message().contains('is a fixed-sample test') }
    GateWriter.write(second.gate().get()) == yaml
    criteria(second) == criteria(first)
    second.gate().get().slis()*.source() == first.gate().get().slis()*.source()

    where:
    file << gates()
  }

  static List criteria(r) {
    r.gate().get().slis().collectMany { it.objectives()*.criterion() }
  }

  void "a written golden gate judges its observations exactly like the original"() {
    given:
    def dir = Path.of('src/test/resources/rules/latency-histogram')
    def original = GateParser.parse('gate.yaml', Files.readString(dir.resolve('gate.yaml'))).gate().get()
    def rewritten = GateParser.parse('gate.yaml', GateWriter.write(original)).gate().get()
    def obs = ObservationsReader.read(Files.readString(dir.resolve('observations.json')), new Issues('o')).get()

    expect:
    ResultPrinter.format(Judge.evaluate(rewritten, obs)) == ResultPrinter.format(Judge.evaluate(original, obs))
  }
}
