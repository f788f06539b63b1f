package io.tollgate.rules.observation

import io.tollgate.rules.parse.Issues
import java.time.Instant
import spock.lang.Specification

class ObservationsReaderSpec extends Specification {

  static Optional<Observations> read(String yaml, Issues issues = new Issues('obs.yaml')) {
    ObservationsReader.read(yaml, issues)
  }

  void "a side given interval by interval keeps its intervals and sums them into totals"() {
    when:
    def obs = read('''\
look: interim
expectedShares:
  - {from: 2026-01-01T00:00:00Z, share: 0.05}
  - {from: 2, share: 0.25}
error_rate:
  canary:
    intervals:
      - {start: 2026-01-01T00:00:00Z, requests: 100, errors: 1, samples: [10, 20]}
      - {start: 2026-01-01T00:01:00Z, requests: 300, errors: 2, samples: [30]}
  baseline:
    intervals:
      - {requests: 1900, errors: 9}
      - {requests: 1700, errors: 8}
''').get()
    def canary = obs.of('error_rate').get().canary().get()
    def baseline = obs.of('error_rate').get().baseline().get()

    then:
    obs.look() == Look.INTERIM
    obs.expectedShares()*.canaryShare() == [0.25d, 0.05d] // sorted by from: the index 2 is 1970
    obs.expectedShares()[0].from() == Instant.EPOCH.plusSeconds(120)
    canary.intervals().size() == 2
    canary.counts().get() == new Counts(400, 3)
    canary.distribution().get().count() == 3
    canary.intervals()[1].start() == Instant.parse('2026-01-01T00:01:00Z')
    baseline.intervals()*.start() == [Instant.EPOCH, Instant.EPOCH.plusSeconds(60)]
  }

  void "a constant expected share is in effect from the start"() {
    expect:
    read('expectedShare: 0.05\ns: {canary: {requests: 10, errors: 0}}\n').get().expectedShares() ==
        [new ExpectedShare(Instant.EPOCH, 0.05)]
  }

  void "bad interval observations are positioned errors: #what"() {
    given:
    def issues = new Issues('obs.yaml')

    when:
    def obs = read(yaml, issues)

    then:
    obs.isEmpty()
    issues.sorted()*.message().any { it.contains(says) }

    where:
    what                      | yaml                                                                          || says
    'totals beside intervals' | 's: {canary: {requests: 5, errors: 0, intervals: [{requests: 5, errors: 0}]}}' || "takes its totals from them"
    'a bad start'             | 's: {canary: {intervals: [{start: yesterday, requests: 5, errors: 0}]}}'     || "must be an instant like 2026-01-01T00:00:00Z"
    'a share in percent'      | 'expectedShare: 5\ns: {canary: {requests: 5, errors: 0}}'                     || "did you mean 0.05?"
    'a share without share'   | 'expectedShares: [{from: 0}]\ns: {canary: {requests: 5, errors: 0}}'          || "missing required key 'share'"
    'an unknown look'         | 'look: midway\ns: {canary: {requests: 5, errors: 0}}'                         || "'look' must be one of interim, final"
    'more errors than requests in an interval' | 's: {canary: {intervals: [{requests: 5, errors: 6}]}}'     || "need 0 <= errors <= requests"
  }
}
