package io.tollgate.rules.stats

import spock.lang.Specification

/**
 * Reference values from sli-rules/src/test/scipy/rate_reference.py (SciPy 1.17): the sample-ratio
 * e-value by scipy.integrate.quad of the binomial likelihood ratio mixed over N(0, 0.2²) log-odds
 * shifts, and the rate-ratio bound by scipy.stats.beta.ppf (Clopper-Pearson on the canary's share
 * of the errors).
 */
class SampleRatioAndBoundSpec extends Specification {

  static SampleRatioTest.Result srm(List<List<Number>> iv) {
    SampleRatioTest.test(iv*.get(0) as long[], iv*.get(1) as long[], iv*.get(2) as double[], iv.size())
  }

  void "the sample-ratio e-value matches SciPy"() {
    when:
    def r = srm(iv)

    then:
    Math.abs(r.eValue() - e) <= 1e-9 * e
    Math.abs(r.expectedShare() - expected) < 1e-12

    where:
    iv                                                                       || e                    | expected
    [[100, 2000, 0.05], [96, 2000, 0.05], [510, 2000, 0.25], [1003, 2000, 0.5]] || 0.15696687869097783  | 0.2125
    [[62, 2000, 0.05], [60, 2000, 0.05], [65, 2000, 0.05], [61, 2000, 0.05]]    || 27544253225641.562   | 0.05
  }

  void "a ramp that follows its schedule is no mismatch: each interval is held against its own share"() {
    expect: 'cumulatively the canary had 21 %, but every interval matched what was asked'
    srm([[100, 2000, 0.05], [96, 2000, 0.05], [510, 2000, 0.25], [1003, 2000, 0.5]]).eValue() < 1
  }

  void "the rate ratio's upper bound matches SciPy"() {
    expect:
    Math.abs(RateRatioBound.upper(xc, nc, xb, nb, confidence) - upper) <= 1e-9 * upper

    where:
    xc  | nc     | xb  | nb     | confidence || upper
    12  | 10_000 | 10  | 10_000 | 0.95       || 2.6857773072443774
    100 | 10_000 | 100 | 10_000 | 0.95       || 1.2745829949714913
    0   | 5000   | 8   | 5000   | 0.95       || 0.45421543344895343
    30  | 2000   | 90  | 6000   | 0.99       || 1.6406412022246208
  }

  void "without baseline errors nothing bounds the ratio"() {
    expect:
    RateRatioBound.upper(3, 1000, 0, 1000, 0.95) == Double.POSITIVE_INFINITY
    RateRatioBound.moreToPass(12, 10_000, 10, 10_000, 0.95, 1.5).asLong > 0
    !RateRatioBound.moreToPass(40, 10_000, 10, 10_000, 0.95, 1.5).present
  }
}
