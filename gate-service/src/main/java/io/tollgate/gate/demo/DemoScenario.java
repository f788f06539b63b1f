package io.tollgate.gate.demo;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.tollgate.gate.evaluation.Caller;
import io.tollgate.gate.evaluation.EvaluationRequest;
import io.tollgate.gate.evaluation.EvaluationRow;
import io.tollgate.gate.evaluation.EvaluationService;
import io.tollgate.gate.gates.GateService;
import io.tollgate.gate.scenarios.Coverage;
import io.tollgate.gate.scenarios.ScenarioCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The demo's story: two canaries of checkout against one baseline, judged by the demo gate. */
final class DemoScenario {
  static final List<String> GATES =
      List.of("demo-canary-gate.yaml", "canary-gate.yaml", "testrun-gate.yaml", "budget-gate.yaml");
  static final String GATE = "demo-checkout-canary";

  private static final SyntheticTraffic.Profile BASELINE =
      SyntheticTraffic.Profile.healthy("checkout", "1.4.2", "baseline");
  private static final SyntheticTraffic.Profile GOOD =
      SyntheticTraffic.Profile.healthy("checkout", "1.5.0", "canary");
  private static final SyntheticTraffic.Profile BAD =
      SyntheticTraffic.Profile.healthy("checkout", "1.6.0", "canary")
          .withErrors(
              0.05,
              "java.sql.SQLTransientConnectionException",
              "HikariPool-1 - Connection is not available, request timed out after 3000ms.")
          .withLatency(95);

  /**
   * Production (the baseline's pods) failing on an operation the smoke suite never reaches: the
   * catalog's uncovered scenario. The gate judges POST /checkout only, so its decisions stay put.
   */
  private static final SyntheticTraffic.Profile INVENTORY_DOWN =
      BASELINE.withErrors(0.2, "java.net.ConnectException", "Connection refused");

  static final String UNTESTED_ROUTE = "/cart/{cartId}";

  private final ApplicationContext context;
  private final String bootstrap;
  private final PrintStream out;

  DemoScenario(ApplicationContext context, String bootstrap, PrintStream out) {
    this.context = context;
    this.bootstrap = bootstrap;
    this.out = out;
  }

  void run() throws Exception {
    GateService gates = context.getBean(GateService.class);
    for (String file : GATES) {
      try (InputStream in = DemoScenario.class.getResourceAsStream("/demo/gates/" + file)) {
        if (in == null) {
          throw new IllegalStateException("the jar lacks the example gate " + file);
        }
        String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        var saved = gates.save(yaml, "demo", null, null, "loaded by the demo from docs/examples");
        out.println(
            "  gate "
                + saved.gate().name()
                + " v"
                + saved.version().version()
                + " loaded from docs/examples/"
                + file);
      }
    }
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    ScheduledExecutorService traffic =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tollgate-demo-traffic");
              t.setDaemon(true);
              return t;
            });
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      SyntheticTraffic spans = new SyntheticTraffic(2026);
      SyntheticTraffic testSpans = new SyntheticTraffic(7);
      out.println(
          "Tollgate demo: sending OTLP spans through Kafka: checkout 1.4.2 (baseline),"
              + " 1.5.0 (healthy canary), 1.6.0 (canary with 5% errors and slower), and a smoke"
              + " test suite against 1.6.0 (spans with test.run.id "
              + DemoTestSuite.RUN_ID
              + ")");
      traffic.scheduleAtFixedRate(
          () -> {
            Instant now = Instant.now();
            for (SyntheticTraffic.Profile p : List.of(BASELINE, GOOD, BAD)) {
              producer.send(
                  new ProducerRecord<>(
                      "otlp_spans", spans.batch(p, "POST", "/checkout", 50, now).toByteArray()));
            }
            producer.send(
                new ProducerRecord<>(
                    "otlp_spans",
                    spans.batch(INVENTORY_DOWN, "GET", UNTESTED_ROUTE, 5, now).toByteArray()));
            DemoTestSuite.send(producer, testSpans, now);
          },
          0,
          200,
          TimeUnit.MILLISECONDS);
      EvaluationService evaluations = context.getBean(EvaluationService.class);
      EvaluationRow good = evaluations.start(request(GOOD), null, Caller.internal("demo")).row();
      EvaluationRow bad = evaluations.start(request(BAD), null, Caller.internal("demo")).row();
      out.println(
          "Tollgate demo: evaluating both canaries every 5 s (evaluations "
              + good.id()
              + " and "
              + bad.id()
              + ")");
      long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      EvaluationRow goodDone = awaitDone(evaluations, good.id(), deadline);
      EvaluationRow badDone = awaitDone(evaluations, bad.id(), deadline);
      traffic.shutdownNow();
      out.println();
      print("checkout 1.5.0 vs 1.4.2", goodDone);
      print("checkout 1.6.0 vs 1.4.2", badDone);
      var run = DemoTestSuite.upload(context);
      out.println(
          "Tollgate demo: test run "
              + run.id()
              + " (test.run.id "
              + DemoTestSuite.RUN_ID
              + ") uploaded; its spans against 1.6.0 were left out of the user SLIs and link its"
              + " cases to the scenarios they cover or touch: /ui/test-runs/"
              + run.id());
      printCoverage();
    } finally {
      traffic.shutdownNow();
    }
  }

  /** How the catalog's checkout scenarios are covered, from the spans alone. */
  private void printCoverage() {
    ScenarioCatalog catalog = context.getBean(ScenarioCatalog.class);
    StringBuilder counts = new StringBuilder();
    for (Coverage c : List.of(Coverage.COVERED, Coverage.TOUCHED, Coverage.UNCOVERED)) {
      long n = catalog.count(new ScenarioCatalog.Filter(null, "checkout", c, false, null));
      counts
          .append(counts.isEmpty() ? "" : ", ")
          .append(n)
          .append(' ')
          .append(c.name().toLowerCase(java.util.Locale.ROOT));
    }
    out.println(
        "Tollgate demo: checkout's failure scenarios by their tests' traces: "
            + counts
            + " (production fails on GET "
            + UNTESTED_ROUTE
            + ", which the suite never calls): /ui/scenarios?service=checkout");
  }

  private static EvaluationRequest request(SyntheticTraffic.Profile canary) {
    return new EvaluationRequest(
        GATE,
        null,
        Map.of("service", canary.service(), "version", canary.version(), "track", "canary"),
        Map.of("service", BASELINE.service(), "version", BASELINE.version(), "track", "baseline"),
        null,
        null,
        null,
        null,
        new EvaluationRequest.Continuous("5s", "3m", null),
        null,
        null,
        Map.of("pipeline", "demo"),
        null);
  }

  private static EvaluationRow awaitDone(EvaluationService evaluations, long id, long deadline) {
    EvaluationRow row = evaluations.get(id);
    while (!row.done() && System.nanoTime() < deadline) {
      row = evaluations.await(id, Duration.ofSeconds(30));
    }
    return row;
  }

  @SuppressWarnings("unchecked")
  private void print(String title, EvaluationRow row) throws IOException {
    out.printf(
        "%s: %s  (score %s, evaluation %d, %s)%n",
        title,
        row.done() ? row.outcome() : "PENDING",
        row.score() == null ? "-" : String.format(java.util.Locale.ROOT, "%.0f%%", row.score()),
        row.id(),
        row.reason());
    if (row.result() == null) {
      return;
    }
    Map<String, Object> decision =
        context.getBean(JsonMapper.class).readValue(row.result(), Map.class);
    for (Object o : (List<Object>) decision.get("slis")) {
      Map<String, Object> sli = (Map<String, Object>) o;
      out.printf("  %-12s %-13s %s%n", sli.get("outcome"), sli.get("name"), sli.get("reason"));
    }
  }
}
