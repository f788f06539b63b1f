package io.tollgate.gate.demo;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code java -jar tollgate.jar send-sample-spans ...}: sends generated OTLP spans for a canary and
 * its baseline to a Kafka topic, as the OpenTelemetry Collector's Kafka exporter writes them
 * ({@code otlp_proto} {@code ExportTraceServiceRequest} records), so a canary gate can be tried
 * without a Collector. The spans are spread over the last {@code --minutes} whole minutes before
 * now. It starts no HTTP server.
 */
public final class SampleSpans {
  /** Exit code for a usage error (sysexits' EX_USAGE). */
  public static final int USAGE = 64;

  static final String USAGE_TEXT =
      """
      Usage: java -jar tollgate.jar send-sample-spans --bootstrap-servers HOST:PORT [options]
      Sends generated OTLP spans for a canary and its baseline to Kafka, as the OpenTelemetry
      Collector's Kafka exporter writes them (otlp_proto), spread over the last whole minutes.
        --bootstrap-servers HOST:PORT  Kafka brokers (required)
        --topic NAME                   topic (default otlp_spans)
        --service NAME                 service.name (default checkout)
        --operation 'METHOD /route'    span name of the requests (default 'POST /checkout')
        --canary-version V             service.version of the canary (default 1.6.0)
        --baseline-version V           service.version of the baseline (default 1.5.0)
        --minutes N                    minutes of traffic, ending at the last whole minute (default 10)
        --requests-per-minute N        requests per minute for each side (default 2000)
        --canary-error-rate R          share of failing canary requests, 0..1 (default 0.005)
        --baseline-error-rate R        share of failing baseline requests, 0..1 (default 0.005)
        --canary-latency-ms MS         canary median latency (default 40, as the baseline)
        --seed N                       random seed (default: from the other options, so the
                                       same command sends the same requests again)
        --help                         this text
      """;

  private static final int SPANS_PER_RECORD = 100;

  private SampleSpans() {}

  /** Runs the sub-command and answers its exit code: 0 sent, 1 Kafka failed, 64 usage error. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("send-sample-spans: " + e.getMessage());
      err.print(USAGE_TEXT);
      return USAGE;
    }
    if (o == null) {
      out.print(USAGE_TEXT);
      return 0;
    }
    try {
      out.println(send(o));
      return 0;
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      err.println(
          "send-sample-spans: could not send to Kafka at "
              + o.bootstrapServers
              + ": "
              + (cause.getMessage() == null ? "no answer in time" : cause.getMessage()));
      return 1;
    } catch (org.apache.kafka.common.KafkaException e) {
      err.println(
          "send-sample-spans: Kafka at " + o.bootstrapServers + " refused: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("send-sample-spans: interrupted");
      return 1;
    }
  }

  static String send(Options o) throws ExecutionException, InterruptedException, TimeoutException {
    String[] op = o.operation.split(" ", 2);
    SyntheticTraffic.Profile baseline =
        SyntheticTraffic.Profile.healthy(o.service, o.baselineVersion, "baseline")
            .withErrors(
                o.baselineErrorRate,
                "java.net.SocketTimeoutException",
                "Read timed out after 2000 ms");
    SyntheticTraffic.Profile canary =
        SyntheticTraffic.Profile.healthy(o.service, o.canaryVersion, "canary")
            .withErrors(
                o.canaryErrorRate,
                "java.sql.SQLTransientConnectionException",
                "HikariPool-1 - Connection is not available, request timed out after 3000ms.")
            .withLatency(o.canaryLatencyMs);
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "tollgate-send-sample-spans");
    // an unreachable broker or a missing topic fails within half a minute, not the default minute
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Instant start = end.minus(o.minutes, ChronoUnit.MINUTES);
    SyntheticTraffic traffic = new SyntheticTraffic(o.seed);
    long records = 0;
    long[] failed = new long[2];
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      AtomicReference<Exception> failure = new AtomicReference<>();
      Future<RecordMetadata> last = null;
      for (int minute = 0; minute < o.minutes; minute++) {
        Instant from = start.plus(minute, ChronoUnit.MINUTES);
        int left = o.requestsPerMinute;
        int chunks = (left + SPANS_PER_RECORD - 1) / SPANS_PER_RECORD;
        for (int c = 0; c < chunks; c++) {
          int n = Math.min(SPANS_PER_RECORD, left);
          left -= n;
          // each record ends within its minute, at least 2 s from either edge
          Instant at = from.plusMillis(2_000 + (56_000L * c) / Math.max(1, chunks));
          int side = 0;
          for (SyntheticTraffic.Profile p : new SyntheticTraffic.Profile[] {canary, baseline}) {
            var request = traffic.batch(p, op[0], op[1], n, at);
            failed[side++] += countFailed(request);
            last =
                producer.send(
                    new ProducerRecord<>(o.topic, request.toByteArray()),
                    (meta, e) -> {
                      if (e != null) {
                        failure.compareAndSet(null, e);
                      }
                    });
            if (records++ == 0) {
              // the first record proves the broker and the topic answer before sending the rest
              last.get(20, TimeUnit.SECONDS);
            }
            if (failure.get() != null) {
              throw new ExecutionException(failure.get());
            }
          }
        }
      }
      producer.flush();
      if (failure.get() != null) {
        throw new ExecutionException(failure.get());
      }
      if (last != null) {
        last.get(30, TimeUnit.SECONDS);
      }
    }
    long perSide = (long) o.requestsPerMinute * o.minutes;
    return String.format(
        Locale.ROOT,
        "sent %d spans in %d records to %s at %s: %s %s canary %s %d requests (%d failed),"
            + " baseline %s %d requests (%d failed), %s to %s",
        2 * perSide,
        records,
        o.topic,
        o.bootstrapServers,
        o.service,
        o.operation,
        o.canaryVersion,
        perSide,
        failed[0],
        o.baselineVersion,
        perSide,
        failed[1],
        start,
        end);
  }

  private static long countFailed(
      io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest request) {
    return request.getResourceSpans(0).getScopeSpans(0).getSpansList().stream()
        .filter(
            s ->
                s.getStatus().getCode()
                    == io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR)
        .count();
  }

  /** The parsed command line. */
  static final class Options {
    String bootstrapServers;
    String topic = "otlp_spans";
    String service = "checkout";
    String operation = "POST /checkout";
    String canaryVersion = "1.6.0";
    String baselineVersion = "1.5.0";
    int minutes = 10;
    int requestsPerMinute = 2000;
    double canaryErrorRate = 0.005;
    double baselineErrorRate = 0.005;
    double canaryLatencyMs = 40;
    Long seed;

    /** The options, or null for {@code --help}; a usage error is an IllegalArgumentException. */
    static Options parse(String[] args) {
      Map<String, String> given = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--help") || a.equals("-h")) {
          return null;
        }
        if (!a.startsWith("--") || a.length() == 2) {
          throw new IllegalArgumentException("unexpected argument '" + a + "'");
        }
        String name;
        String value;
        int eq = a.indexOf('=');
        if (eq > 0) {
          name = a.substring(2, eq);
          value = a.substring(eq + 1);
        } else {
          name = a.substring(2);
          if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
            throw new IllegalArgumentException("--" + name + " needs a value");
          }
          value = args[++i];
        }
        if (given.put(name, value) != null) {
          throw new IllegalArgumentException("--" + name + " is given twice");
        }
      }
      Options o = new Options();
      for (Map.Entry<String, String> e : given.entrySet()) {
        String v = e.getValue().trim();
        String name = e.getKey();
        switch (name) {
          case "bootstrap-servers" -> o.bootstrapServers = text(name, v);
          case "topic" -> o.topic = text(name, v);
          case "service" -> o.service = text(name, v);
          case "operation" -> o.operation = operation(v);
          case "canary-version" -> o.canaryVersion = text(name, v);
          case "baseline-version" -> o.baselineVersion = text(name, v);
          case "minutes" -> o.minutes = integer(name, v, 1, 24 * 60);
          case "requests-per-minute" -> o.requestsPerMinute = integer(name, v, 1, 1_000_000);
          case "canary-error-rate" -> o.canaryErrorRate = rate(name, v);
          case "baseline-error-rate" -> o.baselineErrorRate = rate(name, v);
          case "canary-latency-ms" -> o.canaryLatencyMs = positive(name, v);
          case "seed" -> o.seed = (long) integer(name, v, 0, Integer.MAX_VALUE);
          default -> throw new IllegalArgumentException("unknown option --" + name);
        }
      }
      if (o.bootstrapServers == null) {
        throw new IllegalArgumentException(
            "--bootstrap-servers is required (e.g. --bootstrap-servers localhost:9092)");
      }
      if ((long) o.minutes * o.requestsPerMinute > 10_000_000L) {
        throw new IllegalArgumentException(
            "--minutes x --requests-per-minute may be at most 10,000,000 requests per side");
      }
      if (o.canaryVersion.equals(o.baselineVersion)) {
        throw new IllegalArgumentException(
            "--canary-version and --baseline-version must differ (both are "
                + o.canaryVersion
                + ")");
      }
      if (o.seed == null) {
        // two runs for different canaries must not send the same baseline requests
        o.seed =
            (long)
                    java.util.Objects.hash(
                        o.service,
                        o.operation,
                        o.canaryVersion,
                        o.baselineVersion,
                        o.canaryErrorRate,
                        o.baselineErrorRate,
                        o.canaryLatencyMs)
                & 0x7fffffffL;
      }
      return o;
    }

    private static String text(String name, String v) {
      if (v.isEmpty()) {
        throw new IllegalArgumentException("--" + name + " must not be empty");
      }
      return v;
    }

    private static String operation(String v) {
      String[] parts = v.split(" ", 2);
      if (parts.length != 2 || parts[0].isBlank() || !parts[1].startsWith("/")) {
        throw new IllegalArgumentException(
            "--operation must be 'METHOD /route', e.g. 'POST /checkout', not '" + v + "'");
      }
      return v;
    }

    private static int integer(String name, String v, int min, int max) {
      try {
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
          throw new IllegalArgumentException(
              "--" + name + " must be between " + min + " and " + max + ", not " + v);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--" + name + " must be a whole number, not '" + v + "'");
      }
    }

    private static double rate(String name, String v) {
      double r = number(name, v);
      if (r < 0 || r > 1) {
        throw new IllegalArgumentException(
            "--" + name + " must be a share between 0 and 1 (0.02 is 2 %), not " + v);
      }
      return r;
    }

    private static double positive(String name, String v) {
      double r = number(name, v);
      if (!(r > 0) || r > 60_000) {
        throw new IllegalArgumentException(
            "--" + name + " must be above 0 and at most 60000, not " + v);
      }
      return r;
    }

    private static double number(String name, String v) {
      try {
        double d = Double.parseDouble(v);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be a number, not '" + v + "'");
      }
    }
  }
}
