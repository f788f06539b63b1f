package io.tollgate.gate.evaluation

import spock.lang.Specification

/** Which stored load-test metrics count requests of one operation, and at what rate. */
class LoadAppliedSpec extends Specification {

  void "k6 request submetrics name their operation however the threshold quoted it: #metric"() {
    expect:
    LoadApplied.operation(metric) == operation

    where:
    metric                                   || operation
    'http_reqs{name:"POST /checkout"}'       || 'POST /checkout'
    "http_reqs{name:'POST /checkout'}"       || 'POST /checkout'
    'http_reqs{name: POST /checkout }'       || 'POST /checkout'
    'http_reqs{name:"GET /a:b"}'             || 'GET /a:b'
    'jmeter:GET /items'                      || 'GET /items'
    'jmeter:TOTAL'                           || null
    'http_reqs'                              || null
    'http_reqs{status:200}'                  || null
    'http_reqs{name:x,status:200}'           || null
    'http_req_duration{name:"POST /checkout"}' || null
  }

  void "k6 rates are per second over the run; JMeter peaks are per minute; counts fall back to the duration"() {
    given:
    def into = LoadApplied.empty()

    when:
    LoadApplied.add([
        'http_reqs{name:"A"}': [count: 600d, rate: 1d],
        'jmeter:B'           : [count: 90d, peak_per_minute: 40d],
        'jmeter:C'           : [count: 120d],
        'jmeter:TOTAL'       : [count: 810d]], 60d, into)
    LoadApplied.add(['http_reqs{name:"A"}': [count: 60d, rate: 2d]], 30d, into)

    then: 'an operation in several runs keeps its largest load'
    into == [A: 120d, B: 40d, C: 120d]
  }
}
