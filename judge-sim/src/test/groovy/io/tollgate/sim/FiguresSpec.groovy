package io.tollgate.sim

import static io.tollgate.sim.RunOutcome.Decision.FAIL
import static io.tollgate.sim.RunOutcome.Decision.OPEN
import static io.tollgate.sim.RunOutcome.Decision.PASS

import spock.lang.Specification

class FiguresSpec extends Specification {

  void "detect_nXX is the canary requests by which XX % of all runs had failed, none when fewer failed"() {
    expect:
    Figures.percentile(failedAt as long[], runs, p) == expected

    where:
    failedAt                   | runs | p   || expected
    [100, 200, 300, 400, 500]  | 5    | 0.5 || '300'
    [100, 200, 300, 400, 500]  | 5    | 0.8 || '400'
    [100, 200, 300, 400]       | 5    | 0.8 || '400'
    [100, 200, 300]            | 5    | 0.8 || 'none'
    [100, 200]                 | 5    | 0.5 || 'none'
    []                         | 5    | 0.5 || 'none'
    [100, 200, 300, 400, 500]  | 10   | 0.5 || '500'
  }

  void "the contract line, and the peer judges' lines with a judge field"() {
    given:
    def outcomes = [
      new RunOutcome(FAIL, 1000),
      new RunOutcome(FAIL, 3000),
      new RunOutcome(PASS, 9000),
      new RunOutcome(OPEN, 20000),
    ]

    expect:
    Figures.of(null, outcomes).line('aa') ==
        'judge-sim scenario=aa runs=4 fail_rate=0.5000 pass_rate=0.2500 detect_n50=3000 detect_n80=none'
    Figures.of('kayenta', outcomes).line('aa') ==
        'judge-sim scenario=aa judge=kayenta runs=4 fail_rate=0.5000 pass_rate=0.2500 detect_n50=3000 detect_n80=none'
    Figures.of(null, outcomes).detail('aa').startsWith('judge-sim-detail scenario=aa judge=tollgate decide_n50=3000 pass_n50=none')
  }

  void "what failed the gate is shortened to the SLI and criterion kind"() {
    expect:
    TollgateJudge.shortReason(reason) == expected

    where:
    reason                                                                   || expected
    'key criterion failed: error_rate statistical: canary error rate 0.02'   || 'error_rate/statistical'
    'score 60% is below warn 75% even if every open criterion passed'        || 'score'
  }
}
