package io.tollgate.rules.stats

import org.hipparchus.random.Well19937c
import spock.lang.Specification

class SequentialProportionTestSpec extends Specification {

  // reference: the closed form evaluated with scipy.special (betaln, betainc) and cross-checked by
  // integrating the mixture numerically with scipy.integrate.quad over p in (p0, 1)
  void "the e-value matches the mixture integral computed with SciPy"() {
    when:
    def r = SequentialProportionTest.test(x, nc, y, nb, 0.05, 0)

    then:
    Math.abs(r.eValue() - e) / e < 1e-7
    r.rejected() == (e >= 20)

    where:
    x  | nc    | y  | nb    || e
    30 | 2000  | 15 | 2000  || 4.378343276
    80 | 4000  | 40 | 4000  || 191.7652956
    20 | 2000  | 20 | 2000  || 0.1945450278
    5  | 1000  | 12 | 3000  || 0.2776341306
  }

  void "a margin makes the null hypothesis wider, so the same data is weaker evidence"() {
    expect:
    SequentialProportionTest.test(80, 4000, 40, 4000, 0.05, 0.5).eValue() <
        SequentialProportionTest.test(80, 4000, 40, 4000, 0.05, 0).eValue()
  }

  void "checked after every batch, equal error rates fail in at most 5% of runs"() {
    given: 'A/A traffic at 1% errors, 100 requests per side per check, up to 10,000 per side'
    def rng = new Well19937c(7)
    int runs = 400
    int falseFails = 0

    when:
    runs.times {
      long xc = 0, xb = 0
      for (int n = 100; n <= 10_000; n += 100) {
        100.times { if (rng.nextDouble() < 0.01) xc++; if (rng.nextDouble() < 0.01) xb++ }
        if (SequentialProportionTest.test(xc, n, xb, n, 0.05, 0).rejected()) {
          falseFails++
          break
        }
      }
    }

    then: 'Ville: at most alpha; with 400 runs allow binomial noise (mean 20, 99.9% bound ~35)'
    falseFails <= 35
  }

  // reference: closed form via scipy.special and scipy.integrate.quad over p in (0, p1)
  void "the early-pass e-value matches the mixture integral computed with SciPy"() {
    when:
    def r = SequentialProportionTest.testBelow(x, nc, y, nb, 0.05, tolerance)

    then:
    Math.abs(r.eValue() - e) / e < 1e-7
    r.rejected() == (e >= 20)

    where:
    x  | nc   | y  | nb   | tolerance || e
    10 | 4000 | 40 | 4000 | 0.5       || 4352107.791
    40 | 4000 | 40 | 4000 | 0.5       || 1.143986241
    20 | 5000 | 25 | 5000 | 1.0       || 28.95353529
  }

  void "a canary exactly at the tolerated rate passes early in at most 5% of runs"() {
    given: 'canary 1.5% vs baseline 1%, tolerance 0.5, checked every 100 requests up to 20,000'
    def rng = new Well19937c(13)
    int runs = 400
    int falsePasses = 0

    when:
    runs.times {
      long xc = 0, xb = 0
      for (int n = 100; n <= 20_000; n += 100) {
        100.times { if (rng.nextDouble() < 0.015) xc++; if (rng.nextDouble() < 0.01) xb++ }
        if (SequentialProportionTest.testBelow(xc, n, xb, n, 0.05, 0.5).rejected()) {
          falsePasses++
          break
        }
      }
    }

    then:
    falsePasses <= 35
  }

  void "with a 10/90 traffic split equal error rates still fail in at most 5% of runs"() {
    given: 'canary gets 100 requests per check, baseline 900, both at 1% errors'
    def rng = new Well19937c(21)
    int runs = 300
    int falseFails = 0

    when:
    runs.times {
      long xc = 0, xb = 0
      for (int n = 100; n <= 10_000; n += 100) {
        100.times { if (rng.nextDouble() < 0.01) xc++ }
        900.times { if (rng.nextDouble() < 0.01) xb++ }
        if (SequentialProportionTest.test(xc, n, xb, 9 * n, 0.05, 0).rejected()) {
          falseFails++
          break
        }
      }
    }

    then: 'mean at most 15 of 300; allow binomial noise'
    falseFails <= 28
  }
}
