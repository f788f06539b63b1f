package io.tollgate.rules.stats

import spock.lang.Specification

class TTestBayesFactorSpec extends Specification {

  static double lnTwo(List<Double> x, double g) {
    TTestBayesFactor.logTwoSided(x.size(), x.sum() as double, x.collect { it * it }.sum() as double, g)
  }

  static double lnGreater(List<Double> x, double g) {
    TTestBayesFactor.logGreater(x.size(), x.sum() as double, x.collect { it * it }.sum() as double, g)
  }

  void "the closed forms match the Bayes factor integrated numerically over the noncentral t likelihood"() {
    expect:
    Math.abs(lnTwo(x, g) - two) < 1e-8
    Math.abs(lnGreater(x, g) - greater) < 1e-8

    where: 'references from src/test/scipy/ttest_bayes_factor.py (SciPy 1.17: quad over delta of nct.pdf(t, n-1, delta*sqrt(n)) / t.pdf(t, n-1) times the normal or half-normal prior)'
    x                                                               | g    || two           | greater
    [0.12, 0.08, 0.15]                                              | 0.5  || 0.7932982818  | 1.4125642521
    [0.12, 0.08, 0.15, 0.02, -0.03, 0.10]                           | 0.5  || 1.0636266425  | 1.7203592194
    [0.05, -0.02, 0.01, 0.03, -0.04, 0.02, 0.00, 0.06]              | 1.0  || -0.4882425274 | 0.0517626649
    [-0.10, -0.05, 0.02, -0.08, -0.12]                              | 0.5  || 0.9216707656  | -1.4516798190
    [0.3, 0.25, 0.4, 0.1, 0.2, 0.35, 0.15, 0.3, 0.22, 0.28]         | 0.5  || 5.9984529731  | 6.6914597427
    [0.01, 0.02]                                                    | 0.25 || 0.1539423899  | 0.5907269226
  }

  void "the evidence does not depend on the unit of the data"() {
    given:
    def x = [0.12, 0.08, 0.15, 0.02, -0.03, 0.10]

    expect:
    Math.abs(lnGreater(x, 0.5) - lnGreater(x.collect { it * 1000 }, 0.5)) < 1e-9
  }

  void "a negative mean gives no evidence of a positive one"() {
    expect:
    lnGreater([-0.3, -0.25, -0.4, -0.1, -0.2, -0.35], 0.5) < 0
  }

  void "fewer than two observations are rejected"() {
    when:
    TTestBayesFactor.logGreater(1, 0.1, 0.01, 0.5)

    then:
    thrown(IllegalArgumentException)
  }
}
