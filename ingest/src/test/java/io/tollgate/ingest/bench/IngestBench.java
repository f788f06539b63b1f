package io.tollgate.ingest.bench;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tollgate.ingest.kafka.IngestConfig;
import io.tollgate.ingest.kafka.OtlpIngestor;
import io.tollgate.ingest.otlp.OtlpDecoder;
import io.tollgate.ingest.otlp.OtlpEncoding;
import io.tollgate.ingest.testing.Databases;
import io.tollgate.ingest.testing.Stored;
import io.tollgate.ingest.testing.Workload;
import io.tollgate.telemetry.store.AggregateStore;
import io.tollgate.telemetry.store.IngestSchema;
import io.tollgate.testsupport.KafkaProcess;
import io.tollgate.testsupport.PostgresFixture;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * End-to-end ingest throughput: a broker process on loopback, OTLP span requests of 100 spans
 * produced up front, then (1) a decode-only consumer of the topic (same decoder as ingest) as the
 * ceiling and (2) ingest into PostgreSQL, each timed from first poll to the last offset. Prints,
 * last, {@code ingest spans_per_s=<n> decode_only_spans_per_s=<n> ratio=<r> heap_max_mb=<n>}.
 *
 * <p>Arguments: number of requests (default 40000), partitions (default 4).
 */
public final class IngestBench {
  private static final String TOPIC = "otlp_spans";
  private static final int SPANS_PER_REQUEST = 100;
  private static final int DISTINCT_REQUESTS = 600;
  private static final long DEADLINE_SECONDS = 240;

  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    try (KafkaProcess kafka =
            KafkaProcess.start(Map.of("num.io.threads", "2", "num.network.threads", "2"));
        PostgresFixture pg = PostgresFixture.start()) {
      kafka.createTopic(TOPIC, partitions);
      long[] produced = produce(kafka, requests);
      long spans = produced[0];
      long requestSpans = produced[1];
      System.out.printf(
          Locale.ROOT,
          "produced %d records, %d spans (%d request spans)%n",
          requests,
          spans,
          requestSpans);

      double decodeBefore = decodeOnly(kafka, spans, "decode-only-1");
      System.out.printf(Locale.ROOT, "decode-only (before ingest): %.0f spans/s%n", decodeBefore);

      DataSource ds = Databases.postgres(pg);
      IngestSchema.migrate(ds);
      System.gc();
      HeapSampler heap = new HeapSampler();
      heap.start();
      double ingest = ingest(kafka, ds, requests, partitions);
      heap.interrupt();
      heap.join();
      long heapPeak = heap.max;
      long stored = Stored.totalRequests(ds, Instant.EPOCH, Instant.now().plus(Duration.ofDays(1)));
      if (stored != requestSpans) {
        throw new IllegalStateException(
            "stored " + stored + " requests but produced " + requestSpans);
      }
      System.out.printf(
          Locale.ROOT, "ingest: %.0f spans/s, stored requests exact (%d)%n", ingest, stored);
      // The JIT is warmer for whatever runs later: the ceiling is the better of two decode-only
      // runs, one before and one after ingest.
      double decodeAfter = decodeOnly(kafka, spans, "decode-only-2");
      System.out.printf(Locale.ROOT, "decode-only (after ingest): %.0f spans/s%n", decodeAfter);
      double decodeOnly = Math.max(decodeBefore, decodeAfter);
      System.out.println("end: load average " + loadAverage());
      System.out.printf(
          Locale.ROOT,
          "ingest spans_per_s=%d decode_only_spans_per_s=%d ratio=%.2f heap_max_mb=%d%n",
          Math.round(ingest),
          Math.round(decodeOnly),
          ingest / decodeOnly,
          Math.round(heapPeak / 1048576.0));
    }
  }

  /** Returns {spans, request spans}. */
  private static long[] produce(KafkaProcess kafka, int requests) throws Exception {
    Workload workload = new Workload(2024, System.currentTimeMillis() * 1_000_000L, 5);
    List<byte[]> payloads = new ArrayList<>();
    List<Long> requestCounts = new ArrayList<>();
    for (int i = 0; i < DISTINCT_REQUESTS; i++) {
      long before = workload.requests();
      ExportTraceServiceRequest r = workload.next(SPANS_PER_REQUEST);
      payloads.add(r.toByteArray());
      requestCounts.add(workload.requests() - before);
    }
    Map<String, Object> props = kafka.producerProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "1");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
    long requestSpans = 0;
    long t0 = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (int i = 0; i < requests; i++) {
        int k = i % DISTINCT_REQUESTS;
        producer.send(new ProducerRecord<>(TOPIC, payloads.get(k)));
        requestSpans += requestCounts.get(k);
      }
      producer.flush();
    }
    System.out.printf(
        Locale.ROOT,
        "produce: %.1f s, %d bytes per record%n",
        (System.nanoTime() - t0) / 1e9,
        payloads.get(0).length);
    return new long[] {(long) requests * SPANS_PER_REQUEST, requestSpans};
  }

  private static double decodeOnly(KafkaProcess kafka, long expectedSpans, String group)
      throws Exception {
    Map<String, Object> props = kafka.consumerProperties(group);
    props.put("max.poll.records", 1000);
    props.put("fetch.max.bytes", 64 << 20);
    props.put("max.partition.fetch.bytes", 8 << 20);
    long spans = 0;
    long start = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(TOPIC));
      while (spans < expectedSpans && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (start == 0) {
            start = System.nanoTime();
          }
          ExportTraceServiceRequest req = OtlpDecoder.traces(r.value(), OtlpEncoding.OTLP_PROTO);
          for (var rs : req.getResourceSpansList()) {
            for (var ss : rs.getScopeSpansList()) {
              spans += ss.getSpansCount();
            }
          }
        }
      }
    }
    if (spans < expectedSpans) {
      throw new IllegalStateException("decode-only consumer saw " + spans + " spans in time");
    }
    return spans / ((System.nanoTime() - start) / 1e9);
  }

  private static double ingest(KafkaProcess kafka, DataSource ds, int records, int partitions)
      throws Exception {
    Map<TopicPartition, Long> ends;
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(kafka.consumerProperties("ends"))) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        tps.add(new TopicPartition(TOPIC, p));
      }
      ends = c.endOffsets(tps);
    }
    long total = ends.values().stream().mapToLong(Long::longValue).sum();
    if (total != records) {
      throw new IllegalStateException("topic holds " + total + " records, expected " + records);
    }
    AggregateStore store = new AggregateStore(ds);
    IngestConfig config = IngestConfig.defaults(kafka.bootstrapServers(), "tollgate-ingest");
    PrometheusRegistry registry = new PrometheusRegistry();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    long[] gcBefore = gc();
    try (OtlpIngestor ingestor = new OtlpIngestor(config, ds, registry)) {
      ingestor.start();
      // Like the decode-only run, the clock starts at the first record (group join excluded).
      while (Stored.counter(registry, "tollgate_ingest_records") == 0
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      long start = System.nanoTime();
      while (System.nanoTime() < deadline) {
        long done = store.storedOffsets(TOPIC).values().stream().mapToLong(Long::longValue).sum();
        if (done >= total) {
          double seconds = (System.nanoTime() - start) / 1e9;
          breakdown(registry, seconds, gcBefore);
          return (double) records * SPANS_PER_REQUEST / seconds;
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
    }
    throw new IllegalStateException("ingest did not finish within " + DEADLINE_SECONDS + " s");
  }

  /**
   * Where the time went: the consumer thread's decode and aggregate time, how long it waited for
   * commits (back-pressure), the commits themselves (on their own thread), and garbage collection.
   */
  private static void breakdown(PrometheusRegistry registry, double seconds, long[] gcBefore) {
    double decode = Stored.counter(registry, "tollgate_ingest_decode_seconds");
    double aggregate = Stored.counter(registry, "tollgate_ingest_aggregate_seconds");
    double wait = Stored.counter(registry, "tollgate_ingest_commit_wait_seconds");
    System.out.printf(
        Locale.ROOT,
        "consumer thread: decode %.1f s, aggregate %.1f s, waiting for commits %.1f s,"
            + " other (poll, fetch) %.1f s of %.1f s%n",
        decode,
        aggregate,
        wait,
        Math.max(0, seconds - decode - aggregate - wait),
        seconds);
    for (var m : registry.scrape()) {
      if (m instanceof io.prometheus.metrics.model.snapshots.HistogramSnapshot h
          && h.getMetadata().getName().equals("tollgate_ingest_batch_commit_seconds")) {
        var d = h.getDataPoints().get(0);
        System.out.printf(
            Locale.ROOT,
            "commits: %d, mean %.0f ms, total %.1f s of %.1f s (commit thread)%n",
            d.getCount(),
            1000 * d.getSum() / d.getCount(),
            d.getSum(),
            seconds);
      }
    }
    long[] gc = gc();
    System.out.printf(
        Locale.ROOT,
        "gc: %d collections, %.1f s; load average %s%n",
        gc[0] - gcBefore[0],
        (gc[1] - gcBefore[1]) / 1000.0,
        loadAverage());
  }

  /** {collections, milliseconds} over all collectors. */
  private static long[] gc() {
    long count = 0;
    long millis = 0;
    for (var b : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, b.getCollectionCount());
      millis += Math.max(0, b.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  private static String loadAverage() {
    try {
      String[] f =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return String.format(
          Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** The largest heap occupancy seen, sampled every 5 ms while ingest runs. */
  private static final class HeapSampler extends Thread {
    volatile long max;

    HeapSampler() {
      super("heap-sampler");
      setDaemon(true);
    }

    @Override
    public void run() {
      var memory = ManagementFactory.getMemoryMXBean();
      while (!isInterrupted()) {
        max = Math.max(max, memory.getHeapMemoryUsage().getUsed());
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
