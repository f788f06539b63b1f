package io.tollgate.telemetry.store

import io.tollgate.telemetry.aggregate.SeriesKey
import io.tollgate.testsupport.PostgresFixture
import java.time.Instant
import javax.sql.DataSource
import spock.lang.Specification

class MetricAttributeFilterSpec extends Specification {
  static final long M0 = Instant.parse('2026-11-01T10:00:00Z').epochSecond
  static final SeriesKey CANARY = new SeriesKey('checkout', '2.0.0', 'prod', 'canary')
  static final SeriesKey BASELINE = new SeriesKey('checkout', '1.9.0', 'prod', 'baseline')

  PostgresFixture pg

  DataSource database(String db) {
    if (db == 'h2') {
      return StoreDatabases.h2()
    }
    pg = PostgresFixture.start()
    StoreDatabases.postgres(pg)
  }

  void cleanup() {
    pg?.close()
  }

  void "#db: code=\"500\" matches that attribute exactly, not status_code, 5000 or a value that contains the text"() {
    given:
    def ds = database(db)
    new StoreDatabases(ds).metrics(0, 'http.errors', [
        [CANARY, '{code="500",route="/pay"}', M0, 1d],
        [CANARY, '{status_code="500"}', M0, 10d],
        [CANARY, '{code="5000"}', M0, 100d],
        [CANARY, '{note="code=\\"500\\""}', M0, 1000d],
        [CANARY, '{code="50_"}', M0, 10000d],
        [BASELINE, '{code="500"}', M0, 100000d],
    ])
    def reader = new AggregateReader(ds)
    def q = MetricQuery.of('http.errors', 'checkout', Instant.ofEpochSecond(M0), Instant.ofEpochSecond(M0 + 60))

    expect:
    reader.metricMinutes(q.withAttribute('code', '500')).collect { [it.series().track(), it.attributes(), it.stats().sum()] } ==
        [['baseline', '{code="500"}', 100000d], ['canary', '{code="500",route="/pay"}', 1d]]
    reader.metricMinutes(q.withAttribute('code', '500').withTrack('canary').withVersion('2.0.0')).collect { it.stats().sum() } == [1d]
    reader.metricMinutes(q.withAttribute('code', '500').withEnvironment('staging')).isEmpty()
    reader.metricMinutes(q.withAttribute('status_code', '500')).collect { it.stats().sum() } == [10d]
    reader.metricMinutes(q.withAttribute('code', '50_')).collect { it.stats().sum() } == [10000d]
    reader.metricMinutes(q.withAttribute('note', 'code="500"')).collect { it.stats().sum() } == [1000d]
    reader.metricMinutes(q.withAttribute('code', '500').withAttribute('route', '/pay')).collect { it.stats().sum() } == [1d]
    reader.metricMinutes(q.withoutSketches()).size() == 6

    where:
    db << ['h2', 'postgres']
  }

  void "the canonical attribute text parses back to its pairs"() {
    expect:
    AttributeText.parse(text) == pairs

    where:
    text                                  || pairs
    '{}'                                  || [:]
    '{code="500"}'                        || [code: '500']
    '{a="x,b=\\"y\\"",b="z"}'             || [a: 'x,b="y"', b: 'z']
    '{path="C:\\\\temp",m="a\\nb"}'       || [path: 'C:\\temp', m: 'a\nb']
    '{a="1",b="trunc'                     || [a: '1']
  }
}
