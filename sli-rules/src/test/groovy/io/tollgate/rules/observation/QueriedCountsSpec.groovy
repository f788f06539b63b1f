package io.tollgate.rules.observation

import spock.lang.Specification

class QueriedCountsSpec extends Specification {

  // errors are clamped to [0, total]: two queries extrapolate separately
  void "query values stay real numbers: #total total, #errors errors"() {
    when:
    def c = Counts.fromQuery(total, errors)

    then:
    c.present == ok
    !ok || Math.abs(c.get().errorRatio() - ratio) < 1e-12
    !ok || c.get().whole() == whole

    where:
    total      | errors        || ok    | ratio   | whole
    1.0d       | 0.05d         || true  | 0.05    | false
    299.7d     | 15.2d         || true  | 15.2d / 299.7d | false
    300d       | 15d           || true  | 0.05    | true
    100d       | 100.4d        || true  | 1       | true
    100d       | -0.2d         || true  | 0       | true
    0d         | 0d            || false | 0       | false
    Double.NaN | 1d            || false | 0       | false
    5d         | Double.NaN    || false | 0       | false
  }
}
