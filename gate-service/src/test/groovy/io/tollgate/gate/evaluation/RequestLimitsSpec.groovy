package io.tollgate.gate.evaluation

import io.tollgate.gate.api.ProblemException
import spock.lang.Specification

class RequestLimitsSpec extends Specification {

  static EvaluationRequest withContext(Map<String, String> context) {
    new EvaluationRequest("canary-gate", null, [track: "canary"], [track: "baseline"], null, null, null,
        "10m", null, null, null, context, null)
  }

  void "a canary weight the sample-ratio check cannot read is a 400 that names it"() {
    when:
    RequestLimits.check(withContext([canaryWeight: weight]))

    then:
    def e = thrown(ProblemException)
    e.issues()*.pointer() == ["/context/canaryWeight"]
    e.detail().contains("percentage from 0 to 100")

    where:
    weight << ["abc", "", "-5", "101", "NaN", "Infinity", "25%"]
  }

  void "weights from 0 to 100, as Argo and Flagger send them, are accepted"() {
    when:
    RequestLimits.check(withContext([canaryWeight: weight]))

    then:
    noExceptionThrown()

    where:
    weight << ["0", "5", " 25 ", "50.5", "100"]
  }
}
