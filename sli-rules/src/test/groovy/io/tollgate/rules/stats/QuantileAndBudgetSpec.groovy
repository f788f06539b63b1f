package io.tollgate.rules.stats

import io.tollgate.rules.observation.Samples
import spock.lang.Specification

class QuantileAndBudgetSpec extends Specification {

  // reference: numpy.quantile([3,1,4,1,5,9,2,6,5,3,5], q) (linear, R type 7)
  void "sample quantiles interpolate like numpy"() {
    expect:
    new Samples([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5] as double[]).quantile(q) == expected

    where:
    q    || expected
    0.5  || 4d
    0.9  || 6d
    0.25 || 2.5d
  }

  void "a quantile interval brackets its estimate"() {
    given:
    def s = new Samples((1..1000).collect { it as double } as double[])

    when:
    def i = QuantileTest.interval(s, 0.9, 0.95)

    then:
    i.low() < i.estimate() && i.estimate() < i.high()
    // order statistics 900 ± 1.96 * sqrt(1000 * .9 * .1) = 900 ± 18.6
    i.low() >= 879 && i.low() <= 882
    i.high() >= 919 && i.high() <= 921
  }

  void "burn rate and remaining budget follow the SRE workbook"() {
    expect:
    Math.abs(ErrorBudget.burnRate(errors, total, 0.999) - burn) < 1e-9
    Math.abs(ErrorBudget.remaining(errors, total, 0.999) - remaining) < 1e-9

    where:
    errors | total     || burn | remaining
    144    | 10_000    || 14.4 | -13.4
    1      | 1_000     || 1    | 0
    250    | 1_000_000 || 0.25 | 0.75
  }
}
