package io.tollgate.rules.parse

import io.tollgate.rules.model.Parity
import io.tollgate.rules.model.Parity.FactKind
import io.tollgate.rules.write.GateWriter
import java.time.Duration
import spock.lang.Specification

/** The parity source: parsed with defaults, checked with positions, written back. */
class ParityRulesSpec extends Specification {

  static String gate(String source) {
    """\
apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: promotion
spec:
  slis:
    - name: parity
      source:
        parity:
${source.stripIndent().readLines().collect { '          ' + it }.join('\n')}
      criteria:
        - absolute:
            pass: "== 0"
"""
  }

  void "parity reads service, environments, window and kinds, with defaults"() {
    when:
    def full = GateParser.parse('g.yaml', gate('''\
        service: $service
        from: staging
        to: production
        window: 3d
        kinds: [dependency, feature-flag]'''))
    def plain = GateParser.parse('g.yaml', gate('''\
        service: checkout
        from: qa
        to: prod'''))

    then:
    full.ok()
    def p = full.gate().get().slis()[0].source() as Parity
    p == new Parity('$service', 'staging', 'production', Duration.ofDays(3), [FactKind.DEPENDENCY, FactKind.FEATURE_FLAG] as Set)
    p.templates() == [service: '$service', from: 'staging', to: 'production']
    p.counts(FactKind.DEPENDENCY)
    !p.counts(FactKind.OS)

    and: 'every kind counts when none is named; the window is a day'
    def q = plain.gate().get().slis()[0].source() as Parity
    q == new Parity('checkout', 'qa', 'prod', Duration.ofDays(1), [] as Set)
    FactKind.values().every { q.counts(it) }
  }

  void "a parity gate written back parses to the same gate"() {
    given:
    def first = GateParser.parse('g.yaml', gate('''\
        service: $service
        from: staging
        to: production
        window: 2d
        kinds: [os, dependency]''')).gate().get()

    when:
    def yaml = GateWriter.write(first)

    then:
    yaml.contains('window: 2d')
    yaml.contains('- dependency')
    GateParser.parse('again.yaml', yaml).gate().get().slis()*.source() == first.slis()*.source()
  }

  void "mistakes are errors at the key's position: #why"() {
    when:
    def r = GateParser.parse('g.yaml', gate(source))

    then:
    !r.ok()
    r.issues()[0].toString().startsWith(at)
    r.issues()[0].message().contains(message)

    where:
    why                        | source                                                   || at              | message
    'no from'                  | 'service: s\nto: production'                             || 'g.yaml:'       | "from"
    'one environment twice'    | 'service: s\nfrom: prod\nto: prod'                       || 'g.yaml:12:15:' | "same environment"
    'a window past retention'  | 'service: s\nfrom: a\nto: b\nwindow: 30d'                || 'g.yaml:13:19:' | "from 1h to 14d"
    'an unknown kind'          | 'service: s\nfrom: a\nto: b\nkinds: [dependecy]'         || 'g.yaml:13:19:' | "did you mean 'dependency'"
    'an empty kind list'       | 'service: s\nfrom: a\nto: b\nkinds: []'                  || 'g.yaml:13:18:' | "at least one kind"
    'an unknown key'           | 'service: s\nfrom: a\nto: b\nversion: 2'                 || 'g.yaml:13:11:' | "version"
    'an unknown variable'      | 'service: $servce\nfrom: a\nto: b'                       || 'g.yaml:'       | "servce"
  }
}
