package io.tollgate.ingest.prometheus

import spock.lang.Specification

class PromQlTemplateSpec extends Specification {

  void "a value inside #where quotes is escaped: #value"() {
    expect:
    PromQlTemplate.render(template, [v: value]) == rendered

    where:
    where    | template        | value              || rendered
    'double' | 'm{l="{{v}}"}'  | 'checkout'         || 'm{l="checkout"}'
    'double' | 'm{l="{{v}}"}'  | 'a"} or vector(1)' || 'm{l="a\\"} or vector(1)"}'
    'double' | 'm{l="{{v}}"}'  | 'back\\slash'      || 'm{l="back\\\\slash"}'
    'double' | 'm{l="{{v}}"}'  | 'two\nlines'       || 'm{l="two\\nlines"}'
    'double' | 'm{l="x\\"{{v}}"}' | 'y'             || 'm{l="x\\"y"}'
    'single' | "m{l='{{v}}'}"  | "it's"             || "m{l='it\\'s'}"
    'double' | 'm{l=~"{{v}}.*"}' | 'a"b'            || 'm{l=~"a\\"b.*"}'
  }

  void "outside quotes plain names, numbers and durations are substituted: #value"() {
    expect:
    PromQlTemplate.render('rate(m[{{v}}]) > {{v}}', [v: value]) == "rate(m[$value]) > $value"

    where:
    value << ['5m', '0.95', 'http_requests_total']
  }

  void "outside quotes anything else is refused: #value"() {
    when:
    PromQlTemplate.render('rate(m[{{v}}]) > 1', [v: value])

    then:
    thrown(IllegalArgumentException)

    where:
    value << ['5m]) or vector(1', '1 or up', '"x"', '']
  }

  void "a backtick in a raw string value is refused"() {
    when:
    PromQlTemplate.render('m{l=`{{v}}`}', [v: 'a`} or vector(1)'])

    then:
    thrown(IllegalArgumentException)
  }

  void "a missing variable is an error, not an empty string"() {
    when:
    PromQlTemplate.render('m{l="{{service}}"}', [:])

    then:
    def e = thrown(IllegalArgumentException)
    e.message.contains("'service'")
  }

  void "range windows are aligned down to the step"() {
    expect:
    PrometheusClient.align(java.time.Instant.ofEpochSecond(start), java.time.Instant.ofEpochSecond(end), java.time.Duration.ofSeconds(step))*.epochSecond == aligned

    where:
    start | end  | step || aligned
    125   | 599  | 60   || [120, 540]
    120   | 600  | 60   || [120, 600]
    61    | 62   | 60   || [60, 60]
    7     | 3599 | 900  || [0, 2700]
  }
}
