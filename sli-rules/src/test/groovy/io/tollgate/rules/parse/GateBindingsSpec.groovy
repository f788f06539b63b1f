package io.tollgate.rules.parse

import io.tollgate.rules.model.Binding
import java.time.Duration
import spock.lang.Specification

/** A gate's spec.bindings: read with the gate, checked with positions, read back on their own. */
class GateBindingsSpec extends Specification {
  static String gate(String bindings) {
    """apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: g
spec:
  bindings:
${bindings}
  slis:
    - name: error_ratio
      source:
        traces:
          service: \$service
          measure: error_ratio
      criteria:
        - absolute:
            pass: "<= 0.01"
"""
  }

  void "bindings of each trigger are read with their defaults"() {
    given:
    def text = gate("""    - trigger: deploy
      services: [checkout, cart]
    - trigger: flag
      services: checkout
      flag: new-checkout
      environment: staging
      watch: 1h
      every: 5m
    - trigger: schedule
      services: [checkout]
      cron: "0 */6 * * *"
      watch: 6h""")

    when:
    def parsed = GateParser.parse("g.yaml", text)
    def bindings = GateBindings.read("g.yaml", text)

    then:
    parsed.ok()
    bindings*.trigger() == [Binding.Trigger.DEPLOY, Binding.Trigger.FLAG, Binding.Trigger.SCHEDULE]
    bindings[0].services() == ["checkout", "cart"]
    bindings[0].environment() == "production"
    bindings[0].watch() == Duration.ofMinutes(30)
    bindings[0].every() == Duration.ofMinutes(1)
    bindings[1].services() == ["checkout"]
    bindings[1].flag().get() == "new-checkout"
    bindings[1].environment() == "staging"
    bindings[1].every() == Duration.ofMinutes(5)
    bindings[2].cron().get() == "0 */6 * * *"
    bindings[2].at().line() == 15
  }

  void "a bad binding is an error at its position: #why"() {
    when:
    def r = GateParser.parse("g.yaml", gate(binding))

    then:
    !r.ok()
    r.issues().any { it.message().contains(says) && it.at().line() == line }

    where:
    why                 | binding                                                                  || line | says
    "unknown trigger"   | "    - trigger: push\n      services: [a]"                                || 7    | "push"
    "no services"       | "    - trigger: deploy"                                                   || 7    | "missing required key 'services'"
    "empty services"    | "    - trigger: deploy\n      services: []"                               || 8    | "names no service"
    "misspelled key"    | "    - trigger: deploy\n      services: [a]\n      wacth: 5m"             || 9    | "wacth"
    "every past watch"  | "    - trigger: deploy\n      services: [a]\n      watch: 1m\n      every: 2m" || 10 | "'every' must not be longer"
    "flag on a deploy"  | "    - trigger: deploy\n      services: [a]\n      flag: x"               || 9    | "'flag' belongs to"
    "cron and every"    | "    - trigger: schedule\n      services: [a]\n      every: 1h\n      cron: \"0 * * * *\"" || 10 | "either 'every' or 'cron'"
    "four cron fields"  | "    - trigger: schedule\n      services: [a]\n      cron: \"0 * * *\""   || 9    | "five fields"
    "too often"         | "    - trigger: schedule\n      services: [a]\n      every: 30s"          || 9    | "at most once a minute"
    "watch of 2 days"   | "    - trigger: deploy\n      services: [a]\n      watch: 2d"             || 9    | "between 5s and 24h"
    "NUL in a service"  | "    - trigger: deploy\n      services: [\"a\\0\"]"                       || 8    | "1 to 200 characters"
  }

  void "one binding is read on its own, as the API sends it"() {
    expect:
    GateBindings.one("b", '{"trigger": "deploy", "services": ["a"], "every": "10s", "watch": "1m"}').binding().get().every() == Duration.ofSeconds(10)
    GateBindings.one("b", '{"trigger": "deploy"}').issues()*.message().any { it.contains("services") }
    GateBindings.one("b", '[1]').binding().isEmpty()
  }
}
