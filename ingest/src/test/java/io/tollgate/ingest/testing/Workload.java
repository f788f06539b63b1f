package io.tollgate.ingest.testing;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A reproducible stream of trace export requests from several services and tracks, remembering how
 * many requests and errors it produced per {@code service|track|operation}, so specs compare what
 * ingest stored with what was actually sent.
 */
public final class Workload {
  static final String[] SERVICES = {"checkout", "cart", "payment", "catalog", "shipping"};
  static final String[] TRACKS = {"baseline", "canary"};
  static final String[] ROUTES = {
    "/api/v1/items/{id}", "/api/v1/orders", "/api/v1/orders/{id}", "/health", "/api/v1/search"
  };
  static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT"};

  private final Random random;
  private final long baseNanos;
  private final int services;
  private final Map<String, long[]> expected = new TreeMap<>();
  private long seq;
  private long spans;
  private long requests;

  /** Spans start within the few minutes after {@code baseNanos}. */
  public Workload(long seed, long baseNanos, int services) {
    this.random = new Random(seed);
    this.baseNanos = baseNanos;
    this.services = Math.min(services, SERVICES.length);
  }

  /** One request from one resource holding {@code spanCount} spans (about 1 in 5 CLIENT spans). */
  public ExportTraceServiceRequest next(int spanCount) {
    String service = SERVICES[random.nextInt(services)];
    String track = TRACKS[random.nextInt(TRACKS.length)];
    String version = track.equals("canary") ? "1.8.0" : "1.7.3";
    List<Span> list = new ArrayList<>(spanCount);
    for (int i = 0; i < spanCount; i++) {
      long id = seq++;
      long start = baseNanos + (long) (random.nextDouble() * 180e9);
      double ms = 2 + Math.exp(random.nextGaussian() * 0.8 + 3);
      if (random.nextInt(5) == 0) {
        Span.Builder client =
            Otlp.httpServer(id, "GET", "/db", start, ms / 3, 200)
                .clearAttributes()
                .setName("SELECT shop.items")
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .addAttributes(Otlp.attr("db.system", "postgresql"))
                .addAttributes(Otlp.attr("db.operation.name", "SELECT"))
                .addAttributes(Otlp.attr("db.collection.name", "items"));
        if (random.nextInt(50) == 0) {
          client.setStatus(
              Status.newBuilder()
                  .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                  .setMessage("canceling statement due to statement timeout after " + id + " ms"));
        }
        list.add(client.build());
      } else {
        int r = random.nextInt(ROUTES.length);
        int status = random.nextInt(100) < (track.equals("canary") ? 4 : 2) ? 503 : 200;
        list.add(Otlp.httpServer(id, METHODS[r], ROUTES[r], start, ms, status).build());
        long[] e =
            expected.computeIfAbsent(
                service + "|" + track + "|" + METHODS[r] + " " + ROUTES[r], k -> new long[2]);
        e[0]++;
        if (status >= 500) {
          e[1]++;
        }
        requests++;
      }
      spans++;
    }
    return Otlp.traces(Otlp.resource(service, version, "prod", track), list);
  }

  /** Requests and errors sent per {@code service|track|operation}. */
  public Map<String, long[]> expected() {
    return expected;
  }

  public long spans() {
    return spans;
  }

  public long requests() {
    return requests;
  }
}
