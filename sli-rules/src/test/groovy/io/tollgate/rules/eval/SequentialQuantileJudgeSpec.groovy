package io.tollgate.rules.eval

import io.tollgate.rules.model.Outcome
import io.tollgate.rules.observation.Histogram
import io.tollgate.rules.observation.Interval
import io.tollgate.rules.observation.Measurement
import io.tollgate.rules.observation.Observations
import io.tollgate.rules.observation.SliObservation
import java.time.Instant
import org.hipparchus.random.Well19937c
import spock.lang.Specification

class SequentialQuantileJudgeSpec extends Specification {

  static gate(String criterion) {
    ClusteredLatencySimulationSpec.gate(criterion)
  }

  static CriterionResult judge(String criterion, SliObservation obs) {
    Judge.evaluate(gate(criterion), Observations.of([s: obs]), JudgeOptions.DEFAULT.withTrajectories(true))
        .sli('s').get().criteria()[0]
  }

  void "a clearly slower canary fails, and the evidence shows how the e-value crossed its boundary"() {
    given:
    def obs = new LatencySim(new Well19937c(1), 20, 1000, 0.02).run(1.3, 1)

    when:
    def c = judge('{test: sequential_quantile, quantile: 0.5}', obs)
    def points = c.evidence().trajectory()

    then:
    c.outcome() == Outcome.FAIL
    c.reason().contains('worse by more than minEffect 2%')
    points.size() >= 3
    points.last().lnFailE() >= points.last().lnFailBoundary()
    points.every { Math.abs(it.lnFailBoundary() - Math.log(20)) < 1e-9 }
    points*.canaryRequests() == (1..points.size()).collect { it * 1000L }
    points.every { Math.abs(it.canaryShare() - 0.5) < 1e-9 }
  }

  void "an equal canary passes once a 10 % regression is ruled out"() {
    given:
    def obs = new LatencySim(new Well19937c(2), 30, 1000, 0.02).run(1, 1)

    when:
    def c = judge('{test: sequential_quantile, quantile: 0.5}', obs)

    then:
    c.outcome() == Outcome.PASS
    c.reason().contains('a regression of 10% or more is ruled out')
  }

  void "without per-interval data there is one block, so it waits and says why"() {
    given:
    def obs = LatencySim.totals(new LatencySim(new Well19937c(3), 5, 1000, 0.02).run(1, 1))

    when:
    def c = judge('{test: sequential_quantile}', obs)

    then:
    c.outcome() == Outcome.INCONCLUSIVE
    c.reason().contains('1 of 3 blocks')
    c.reason().contains('no per-interval data')
    c.evidence().samplesNeeded().present
  }

  void "a p99 in the +Inf bucket is inconclusive, with the bound to add"() {
    given:
    def t0 = Instant.parse('2026-11-30T12:00:00Z')
    def side = { long over ->
      Measurement.ofIntervals((0..5).collect {
        Interval.ofDistribution(t0.plusSeconds(60L * it), new Histogram([100, 250] as double[], [900, 80, over] as long[]))
      })
    }

    when:
    def c = judge('{test: sequential_quantile}', SliObservation.canaryVsBaseline(side(40), side(5)))

    then:
    c.outcome() == Outcome.INCONCLUSIVE
    c.reason().contains('p99 lies above the histogram\'s last bound 250 ms')
  }

  void "an undecided long run is inconclusive with the requests still to go, and charts at most 60 points"() {
    given: 'a 6 % slower canary: above minEffect, below the tolerance'
    def obs = new LatencySim(new Well19937c(4), 150, 200, 0.05).run(1.06, 1)

    when:
    def c = judge('{test: sequential_quantile, quantile: 0.5, maxSamples: 100000}', obs)

    then:
    c.outcome() != Outcome.PASS
    c.evidence().trajectory().size() <= 60
  }
}
