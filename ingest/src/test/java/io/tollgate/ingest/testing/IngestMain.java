package io.tollgate.ingest.testing;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tollgate.ingest.kafka.IngestConfig;
import io.tollgate.ingest.kafka.OtlpIngestor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Runs one ingest consumer until killed: {@code bootstrap group topic jdbcUrl user password}. Used
 * by specs that kill a consumer with {@code kill -9}.
 */
public final class IngestMain {
  private IngestMain() {}

  public static void main(String[] args) throws InterruptedException {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(args[3]);
    ds.setUser(args[4]);
    ds.setPassword(args.length > 5 ? args[5] : "");
    IngestConfig config =
        IngestConfig.defaults(args[0], args[1])
            .withSpanTopics(args[2])
            .withBatch(200, Duration.ofMillis(100))
            // the restarted process waits for the killed one's session to expire: keep it short
            .withClientProperties(
                Map.of("session.timeout.ms", 6000, "heartbeat.interval.ms", 1000));
    OtlpIngestor ingestor = new OtlpIngestor(config, ds, new PrometheusRegistry());
    ingestor.start();
    System.out.println("ingest started");
    new CountDownLatch(1).await();
  }
}
