package io.tollgate.rules.parse

import spock.lang.Specification

class HostileYamlSpec extends Specification {

  void "hostile or broken documents become issues, never exceptions"() {
    when:
    def r = GateParser.parse('evil.yaml', text)

    then:
    notThrown(Throwable)
    !r.ok()
    r.issues()*.message().any { it.contains(message) }

    where:
    text                                                     || message
    billionLaughs()                                          || 'invalid YAML'
    '[' * 5000 + ']' * 5000                                  || 'nests 5000 levels deep'
    'a: ' + 'x' * 1_000_001                                  || 'the limit is 1000000'
    ''                                                       || 'empty document'
    'key: [unclosed'                                         || 'invalid YAML'
    '&a [*a]'                                                || 'must be a mapping'
    '\u0000\u0001binary'                                     || 'invalid YAML'
    'a: 1\na: 2'                                             || "duplicate key 'a'"
    'apiVersion: [1, 2]\nkind: Gate'                         || "'apiVersion' must be a string"
    'k' * 500 + ': 1'                                        || "unknown key 'kkkk"
  }

  void "messages never echo more than a short piece of hostile input"() {
    expect:
    GateParser.parse('long.yaml', 'k' * 1000 + ': ' + 'v' * 100_000 + '\nkind: ' + 'x' * 100_000).issues().every { it.message().length() < 400 }
  }

  void "a deeply indented block document is refused before parsing"() {
    given:
    def sb = new StringBuilder()
    200.times { sb.append('  ' * it).append("k${it}:\n") }

    expect:
    GateParser.parse('deep.yaml', sb.toString()).issues()[0].message().contains('levels deep')
  }

  static String billionLaughs() {
    def sb = new StringBuilder('a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n')
    (1..9).each { i -> sb.append("a${i}: &a${i} [" + (1..9).collect { "*a${i - 1}" }.join(',') + "]\n") }
    sb.toString()
  }
}
