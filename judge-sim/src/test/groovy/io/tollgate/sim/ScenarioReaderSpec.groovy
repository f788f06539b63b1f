package io.tollgate.sim

import java.nio.file.Path
import java.time.Duration
import spock.lang.Specification

class ScenarioReaderSpec extends Specification {
  static final Path FILE = Path.of('/sims/scenarios/s.yaml')

  void "a scenario file is read with every key of the contract"() {
    when:
    Scenario s = ScenarioReader.parse(FILE, '''\
name: argo-ramp-shared-blip
gate: ../../docs/examples/canary-gate.yaml
sliCopies: 2
runs: 2000
seed: 7
interval: 30s
intervals: 120
requests: 2000
canaryShare:
  - {from: 0, share: 0.05}
  - {from: 10, share: 0.25}
  - {from: 20, share: 0.5}
errorRate:
  - {from: 0, rate: 0.005}
  - {from: 22, rate: 0.05}
  - {from: 24, rate: 0.005}
canaryErrorFactor: 1.5
latency:
  median: 100
  sigma: 0.5
  clusterSd: 0.05
  canaryFactor: 1.02
  canarySigmaFactor: 1.082
''')

    then:
    s.name() == 'argo-ramp-shared-blip'
    s.gate() == Path.of('/docs/examples/canary-gate.yaml')
    s.sliCopies() == 2
    s.runs() == 2000
    s.seed() == 7
    s.interval() == Duration.ofSeconds(30)
    s.intervals() == 120
    s.requests() == 2000
    s.canaryShare().at(9) == 0.05
    s.canaryShare().at(10) == 0.25
    s.canaryShare().at(119) == 0.5
    s.errorRate().at(23) == 0.05
    s.errorRate().at(24) == 0.005
    s.canaryErrorFactor() == 1.5
    s.latency() == new Scenario.Latency(100, 0.5, 0.05, 1.02, 1.082)
    s.argo() == Scenario.ArgoThreshold.DEFAULT
  }

  void "optional keys take their defaults: 1 copy, 1-minute intervals, 50/50, 1 % errors"() {
    when:
    Scenario s = ScenarioReader.parse(FILE, 'name: x\ngate: g.yaml\nruns: 10\nintervals: 5\nrequests: 100\n')

    then:
    s.sliCopies() == 1
    s.interval() == Duration.ofMinutes(1)
    s.canaryShare().at(3) == 0.5
    s.errorRate().at(3) == 0.01
    s.canaryErrorFactor() == 1.0
    s.latency() == Scenario.Latency.DEFAULT
  }

  void "an unknown key is rejected with the file, its position and the key"() {
    when:
    ScenarioReader.parse(FILE, yaml)

    then:
    ScenarioException e = thrown()
    e.problems()[0] == message

    where:
    yaml                                                                                           || message
    'name: x\ngate: g.yaml\nruns: 1\nintervals: 1\nrequests: 1\nrequest: 5\n'                      || "/sims/scenarios/s.yaml:6:1: unknown key 'request' in scenario (allowed: argo, canaryErrorFactor, canaryShare, errorRate, gate, interval, intervals, latency, name, requests, runs, seed, sliCopies)"
    'name: x\ngate: g.yaml\nruns: 1\nintervals: 1\nrequests: 1\nlatency: {median: 9, sd: 1}\n'      || "/sims/scenarios/s.yaml:6:22: unknown key 'sd' in latency (allowed: canaryFactor, canarySigmaFactor, clusterSd, median, sigma)"
    'name: x\ngate: g.yaml\nruns: 1\nintervals: 1\nrequests: 1\nerrorRate: [{from: 0, share: 1}]\n' || "/sims/scenarios/s.yaml:6:23: unknown key 'share' in errorRate step (allowed: from, rate)"
  }

  void "every problem is reported at once"() {
    when:
    ScenarioReader.parse(FILE, '''\
name: x
runs: many
interval: soon
intervals: 0
requests: 10
canaryShare:
  - {from: 2, share: 0.5}
errorRate:
  - {from: 0, rate: 1.5}
''')

    then:
    ScenarioException e = thrown()
    e.problems() == [
      "/sims/scenarios/s.yaml:1:1: missing required key 'gate'",
      "/sims/scenarios/s.yaml:2:7: 'runs' is a whole number, got 'many'",
      "/sims/scenarios/s.yaml:3:11: 'interval' is a duration such as 30s or 1m, got 'soon'",
      "/sims/scenarios/s.yaml:4:12: 'intervals' must be in [1, 100000], got 0",
      "/sims/scenarios/s.yaml:7:5: the first 'canaryShare' step must be 'from: 0'",
      "/sims/scenarios/s.yaml:9:21: 'rate' must be in [0, 1], got 1.5",
    ]
  }

  void "a canary share of 0 or 1 is refused: the judge compares two sides"() {
    when:
    ScenarioReader.parse(FILE, "name: x\ngate: g.yaml\nruns: 1\nintervals: 1\nrequests: 1\ncanaryShare: $share\n")

    then:
    ScenarioException e = thrown()
    e.message.contains("'canaryShare' must be in (0, 1)")

    where:
    share << [0, 1, 1.5]
  }

  void "a schedule's value is the last step at or before the interval"() {
    given:
    def schedule = new Scenario.Schedule([new Scenario.Step(0, 0.05), new Scenario.Step(10, 0.25), new Scenario.Step(20, 0.5)])

    expect:
    schedule.at(k) == value

    where:
    k   || value
    0   || 0.05
    9   || 0.05
    10  || 0.25
    19  || 0.25
    20  || 0.5
    500 || 0.5
  }
}
