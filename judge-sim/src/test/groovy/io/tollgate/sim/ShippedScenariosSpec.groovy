package io.tollgate.sim

import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification

/** Every scenario shipped in bench/scenarios parses and runs, for a handful of runs. */
class ShippedScenariosSpec extends Specification {
  static final Path DIR = Path.of('../bench/scenarios')
  static final String CONTRACT =
      /judge-sim scenario=[a-z0-9-]+ runs=\d+ fail_rate=[01]\.\d{4} pass_rate=[01]\.\d{4} detect_n50=(\d+|none) detect_n80=(\d+|none)/

  static List<Path> shipped() {
    Files.list(DIR).withCloseable { s -> s.filter { it.toString().endsWith('.yaml') }.sorted().toList() }
  }

  void "at least ten scenarios are shipped, each with a unique name that matches its file"() {
    given:
    def scenarios = shipped().collect { ScenarioReader.read(it) }

    expect:
    scenarios.size() >= 10
    scenarios*.name().unique().size() == scenarios.size()
    scenarios.every { it.file().fileName.toString() == it.name() + '.yaml' }
    scenarios.every { Files.exists(it.gate()) }
  }

  void "#file.fileName runs and ends with the contract line"() {
    when:
    List<String> lines = JudgeSim.run(ScenarioReader.read(file).withRuns(3), 2, false)

    then:
    lines.size() == 3
    lines[0].startsWith('judge-sim scenario=' + ScenarioReader.read(file).name() + ' judge=kayenta runs=3 ')
    lines[1].contains(' judge=argo-threshold runs=3 ')
    lines[2] ==~ CONTRACT
    lines[2].contains(' runs=3 ')

    where:
    file << shipped()
  }
}
