package io.tollgate.rules.template

import spock.lang.Specification

class TemplateSpec extends Specification {

  void "'#text' names #names at offsets #offsets"() {
    expect:
    def t = Template.parse(text)
    t.variables()*.name() == names
    t.variables()*.offset() == offsets
    t.unterminated().isEmpty()

    where:
    text                                   || names                | offsets
    'x{service="$service"}'                || ['service']          | [11]
    '${service}-$track_2'                  || ['service', 'track_2'] | [0, 11]
    'no variables'                         || []                   | []
    'a$$b'                                 || []                   | []
    'label_replace(up, "d", "$1", "s", "(.*)")' || []              | []
    '"${1}" and "foo$"'                    || []                   | []
    '$'                                    || []                   | []
  }

  void "an opened brace that never closes is listed, not filled"() {
    when:
    def t = Template.parse('x{a="${region"}')

    then:
    t.variables().isEmpty()
    t.unterminated()*.name() == ['region']
    t.unterminated()*.offset() == [5]
  }

  void "plain fill puts values in as they are, and \$\$ is a literal dollar"() {
    expect:
    Template.parse(text).fill(values) == filled

    where:
    text                | values                         || filled
    '$service'          | [service: 'checkout']          || 'checkout'
    '${service}-api'    | [service: 'a"b']               || 'a"b-api'
    'cost in $$: $x'    | [x: '5']                       || 'cost in $: 5'
    'POST /$path'       | [path: 'orders']               || 'POST /orders'
  }

  void "a variable without a value is an error that names it"() {
    when:
    Template.parse('x{a="$region"}').fill([service: 'cart'])

    then:
    def e = thrown(TemplateException)
    e.variable() == 'region'
    e.message == "no value for template variable '\$region'"
  }

  void "describe leaves variables without a value as written"() {
    expect:
    Template.parse('$service/${operation}').describe([service: 'cart']) == 'cart/${operation}'
  }

  void "PromQL values are escaped for the string they stand in: #why"() {
    expect:
    Template.parse(template).fillPromQl([v: value]) == rendered

    where:
    why                       | template              | value             || rendered
    'double quotes'           | 'm{l="$v"}'           | 'a"} or vector(1)' || 'm{l="a\\"} or vector(1)"}'
    'backslash and newline'   | 'm{l="$v"}'           | 'a\\b\nc\rd'      || 'm{l="a\\\\b\\nc\\rd"}'
    'single quotes'           | "m{l='\$v'}"          | "it's"            || "m{l='it\\'s'}"
    'a double quote in single' | "m{l='\$v'}"         | 'a"b'             || "m{l='a\"b'}"
    'after an escaped quote'  | 'm{l="a\\"$v"}'       | '"'               || 'm{l="a\\"\\""}'
    'raw string'              | 'm{l=`$v`}'           | 'a"b\\c'          || 'm{l=`a"b\\c`}'
    'bare duration'           | 'rate(m[$v])'         | '5m'              || 'rate(m[5m])'
    'bare number'             | 'm > $v'              | '0.5'             || 'm > 0.5'
    'a comment'               | 'm # $v\n'            | 'any "text"'      || 'm # any "text"\n'
    'a quote in a comment'    | "m # don't\n{l=\"\$v\"}" | 'x"y'          || "m # don't\n{l=\"x\\\"y\"}"
  }

  void "a PromQL value that could change the query where it stands is refused: #why"() {
    when:
    Template.parse(template).fillPromQl([v: value])

    then:
    def e = thrown(TemplateException)
    e.variable() == 'v'
    e.message.contains(message)

    where:
    why                          | template       | value                  || message
    'outside quotes'             | 'rate(m[$v])'  | '5m]) or vector(1) #'  || 'must be a plain name, number or duration'
    'a backtick in a raw string' | 'm{l=`$v`}'    | 'a`} or vector(1)'     || 'backtick inside a raw string'
    'a line break in a comment'  | 'm # $v'       | 'x\nor vector(1)'      || 'line break inside a comment'
  }

  void "filling a PromQL template with a missing variable names it"() {
    when:
    Template.parse('m{l="$service"}').fillPromQl([:])

    then:
    def e = thrown(TemplateException)
    e.message == "no value for template variable '\$service'"
  }
}
