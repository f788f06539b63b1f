package io.tollgate.rules.stats

import spock.lang.Specification

class ProportionTestSpec extends Specification {

  // reference: scipy.stats.chi2_contingency([[x1, n1-x1], [x2, n2-x2]], correction=False),
  // z = sqrt(chi2), identical to R's prop.test(correct = FALSE)
  void "the z statistic and two-sided p-value match SciPy"() {
    when:
    def r = ProportionTest.test(x1, n1, x2, n2, 0.95)

    then:
    Math.abs(r.z() - z) < 1e-8
    Math.abs(r.pTwoSided() - p2) / p2 < 1e-6
    Math.abs(r.pGreater() - p2 / 2) / p2 < 1e-6

    where:
    x1  | n1     | x2  | n2     || z            | p2
    200 | 10_000 | 100 | 10_000 || 5.8172972716 | 5.980672745e-09
    45  | 1_000  | 30  | 1_000  || 1.7654696590 | 0.07748486513
    12  | 500    | 10  | 520    || 0.5241534950 | 0.6001717836
  }

  void "the confidence interval of the difference contains the observed difference"() {
    when:
    def r = ProportionTest.test(200, 10_000, 100, 10_000, 0.95)

    then:
    r.difference() == 0.01d
    r.ciLow() < 0.01 && r.ciHigh() > 0.01
    // Wald: 1.959964 * sqrt(.02*.98/1e4 + .01*.99/1e4) = 0.0033661
    Math.abs((r.ciHigh() - r.ciLow()) / 2 - 0.0033661) < 1e-6
  }

  void "equal proportions with no errors give no evidence"() {
    expect:
    ProportionTest.test(0, 100, 0, 100, 0.95).pGreater() == 0.5d
  }

  void "z squared equals Hipparchus' chi-square statistic of the 2x2 table"() {
    given:
    def rng = new org.hipparchus.random.Well19937c(11)

    expect:
    50.times {
      long n1 = 100 + rng.nextInt(10_000), n2 = 100 + rng.nextInt(10_000)
      long x1 = rng.nextInt((int) n1 + 1), x2 = rng.nextInt((int) n2 + 1)
      if (x1 + x2 > 0 && x1 + x2 < n1 + n2) {
        def z = ProportionTest.test(x1, n1, x2, n2, 0.95).z()
        def chi = new org.hipparchus.stat.inference.ChiSquareTest().chiSquare([[x1, n1 - x1], [x2, n2 - x2]] as long[][])
        assert Math.abs(z * z - chi) < 1e-6 * Math.max(1, chi)
      }
    }
  }
}
