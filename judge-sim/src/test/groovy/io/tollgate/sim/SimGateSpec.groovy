package io.tollgate.sim

import java.nio.file.Path
import spock.lang.Specification

class SimGateSpec extends Specification {
  static final Path EXAMPLE = Path.of('../docs/examples/canary-gate.yaml')

  void "the example gate's prometheus SLI is left out, and the simulator says why"() {
    when:
    SimGate g = SimGate.load(EXAMPLE, 1)

    then:
    g.slis()*.name() == ['error_rate', 'latency_p99']
    g.gate().slis()*.name() == ['error_rate', 'latency_p99']
    g.leftOut() == ['cpu_seconds (prometheus source: the simulator feeds traces SLIs only)']
    g.slis()*.feed() == [SimGate.Feed.COUNTS, SimGate.Feed.LATENCY]
    g.slis()*.critical() == [true, false]
  }

  void "copies get their own names and traffic; SLIs of one operation share a stream within a copy"() {
    when:
    SimGate g = SimGate.load(EXAMPLE, 3)

    then:
    g.gate().slis()*.name() == ['error_rate', 'latency_p99', 'error_rate_c2', 'latency_p99_c2', 'error_rate_c3', 'latency_p99_c3']
    g.slis()*.stream() == [0, 0, 1, 1, 2, 2]
    g.streams() == 3
    // the copies keep their criteria
    g.gate().slis().collect { it.objectives().size() } == [2, 2, 2, 2, 2, 2]
  }

  void "a gate with nothing to simulate is refused"() {
    given:
    Path gate = File.createTempFile('gate', '.yaml').toPath()
    gate.toFile().text = '''\
apiVersion: tollgate.io/v1
kind: Gate
metadata: {name: cpu}
spec:
  slis:
    - name: cpu
      source: {prometheus: {query: "sum(rate(x[5m]))"}}
      criteria:
        - absolute: {pass: "<= 1"}
'''

    when:
    SimGate.load(gate, 1)

    then:
    ScenarioException e = thrown()
    e.message.contains('the simulator can feed none of the gate\'s SLIs')
  }
}
