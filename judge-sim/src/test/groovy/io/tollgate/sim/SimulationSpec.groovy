package io.tollgate.sim

import java.nio.file.Path
import spock.lang.Specification

class SimulationSpec extends Specification {
  static final Path FILE = Path.of('../bench/scenarios/s.yaml')

  static Scenario scenario(String extra = '', int requests = 400) {
    ScenarioReader.parse(FILE, """\
name: small
gate: ../../docs/examples/canary-gate.yaml
runs: 12
seed: 42
interval: 1m
intervals: 12
requests: $requests
canaryErrorFactor: 2
$extra""")
  }

  void "the figures do not depend on the number of threads"() {
    given:
    Scenario s = scenario()
    SimGate g = SimGate.load(s.gate(), 1)

    expect:
    Simulation.run(s, g, 1).figures() == Simulation.run(s, g, 2).figures()
  }

  void "runs get distinct seeds derived from the scenario's seed"() {
    expect:
    (0..<1000).collect { Simulation.seed(7, it) }.unique().size() == 1000
    Simulation.seed(7, 0) != Simulation.seed(8, 0)
  }

  void "traffic splits by the canary share and fails at each side's rate"() {
    given:
    Scenario s = scenario('canaryShare: 0.1\nerrorRate: 0.2\n')
    Traffic t = new Traffic(s, true)
    def rng = new SplittableRandom(1)
    long canary = 0, canaryErrors = 0, baselineErrors = 0, baseline = 0
    double latencyCount = 0

    when:
    100.times {
      SideInterval[] sides = t.interval(rng, it)
      canary += sides[0].requests()
      baseline += sides[1].requests()
      canaryErrors += sides[0].errors()
      baselineErrors += sides[1].errors()
      latencyCount += sides[0].latency().count + sides[1].latency().count
    }

    then:
    canary + baseline == 100 * 400
    Math.abs(canary / 40_000d - 0.1) < 0.01
    Math.abs(baselineErrors / (double) baseline - 0.2) < 0.01
    Math.abs(canaryErrors / (double) canary - 0.4) < 0.03
    latencyCount == 40_000
  }

  void "the latency model: the baseline's median, and a canary sigma factor of 1.082 raises p99 by 10 %"() {
    given:
    Scenario s = scenario('latency: {median: 100, sigma: 0.5, canarySigmaFactor: 1.082}\n', 20_000)
    SideInterval[] sides = new Traffic(s, true).interval(new SplittableRandom(3), 0)
    def canary = sides[0].latency()
    def baseline = sides[1].latency()

    expect:
    Math.abs(baseline.getValueAtQuantile(0.5) / 100 - 1) < 0.03
    Math.abs(canary.getValueAtQuantile(0.5) / 100 - 1) < 0.03
    Math.abs(canary.getValueAtQuantile(0.99) / baseline.getValueAtQuantile(0.99) - 1.10) < 0.05
  }
}
