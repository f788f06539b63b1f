package io.tollgate.ingest.testrun

import spock.lang.Specification

/** Per JMeter label, the busiest wall-clock minute of its samples: the load it applied at peak. */
class JMeterPeakSpec extends Specification {
  static final String HEADER = 'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect'

  static TestRun parse(String csv) {
    TestRunParsers.parse(TestRunFormat.JMETER_CSV, new ByteArrayInputStream(csv.getBytes('UTF-8')), Limits.DEFAULT)
  }

  static String row(long ts, String label) {
    "$ts,40,$label,200,OK,\"TG 1-1\",text,true,,512,128,1,1,http://shop.local/x,38,0,2"
  }

  void "peak_per_minute counts each label's samples in its busiest minute"() {
    given: 'checkout: 3 samples in the first minute, 5 in the second; cart: 2 in the second'
    long m0 = 1_764_547_200_000L
    def rows = [HEADER] +
        (0..<3).collect { row(m0 + it * 1000, 'POST /checkout') } +
        (0..<5).collect { row(m0 + 60_000 + it * 1000, 'POST /checkout') } +
        (0..<2).collect { row(m0 + 61_000 + it * 1000, 'GET /cart') }

    when:
    def run = parse(rows.join('\n') + '\n')

    then:
    run.metrics()['jmeter:POST /checkout'].stat('peak_per_minute').asDouble == 5d
    run.metrics()['jmeter:GET /cart'].stat('peak_per_minute').asDouble == 2d
    run.metrics()['jmeter:POST /checkout'].stat('count').asDouble == 8d
    !run.metrics()['jmeter:TOTAL'].stat('peak_per_minute').present
  }

  void "without a timeStamp column there is no peak"() {
    when:
    def run = parse('label,elapsed,success\nGET /cart,12,true\n')

    then:
    !run.metrics()['jmeter:GET /cart'].stat('peak_per_minute').present
  }
}
