package io.tollgate.rules.model

import spock.lang.Specification

class PrometheusQuerySpec extends Specification {

  void "templates are rendered per side with label values escaped for PromQL"() {
    expect:
    PrometheusQuery.render(template, values) == rendered

    where:
    template                                         | values                                || rendered
    'up{service="$service",track="${track}"}'        | [service: 'cart', track: 'canary']    || 'up{service="cart",track="canary"}'
    'x{v="$version"}'                                | [version: 'a"b\\c\nd']                || 'x{v="a\\"b\\\\c\\nd"}'
    'rate(x[$window])'                               | [window: '5m']                        || 'rate(x[5m])'
    'no variables'                                   | [:]                                   || 'no variables'
    'x{a="$svc",b="$service"}'                       | [svc: '1', service: '2']              || 'x{a="1",b="2"}'
  }

  void "a variable without a value is an error, not an empty string"() {
    when:
    PrometheusQuery.render('x{a="$region"}', [service: 'cart'])

    then:
    def e = thrown(IllegalArgumentException)
    e.message == "no value for template variable '\$region'"
  }
}
