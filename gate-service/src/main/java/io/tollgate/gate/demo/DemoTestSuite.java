package io.tollgate.gate.demo;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.tollgate.gate.testrun.TestRunChanged;
import io.tollgate.gate.testrun.TestRunRow;
import io.tollgate.gate.testrun.TestRunService;
import io.tollgate.gate.testrun.TestRunTraceIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The demo's small test suite against checkout 1.6.0 (the canary): its spans go through Kafka
 * marked with {@code test.run.id} and {@code test.case.name}, and its JUnit report is uploaded with
 * the same id. One case fails with production's read timeout (it covers that scenario), one only
 * exercises POST /checkout (it touches the canary's connection-pool failure); the user SLIs of the
 * canary's decision leave these requests out.
 */
final class DemoTestSuite {
  static final String RUN_ID = "demo-nightly-1";

  private static final SyntheticTraffic.Profile TARGET =
      SyntheticTraffic.Profile.healthy("checkout", "1.6.0", "canary");

  private static final String JUNIT =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <testsuite name="checkout-smoke" tests="2" failures="1" errors="0" skipped="0" time="2.5">
        <properties><property name="test.run.id" value="%s"/></properties>
        <testcase classname="CheckoutIT" name="readTimeout" time="2.1">
          <failure type="java.net.SocketTimeoutException" message="Read timed out after 2000 ms"/>
        </testcase>
        <testcase classname="CheckoutIT" name="happyPath" time="0.4"/>
      </testsuite>
      """
          .formatted(RUN_ID);

  private DemoTestSuite() {}

  /** Sends one batch of the suite's spans, both cases. */
  static void send(KafkaProducer<byte[], byte[]> producer, SyntheticTraffic spans, Instant now) {
    SyntheticTraffic.Profile timesOut =
        TARGET.withErrors(1.0, TARGET.exceptionType(), TARGET.exceptionMessage());
    SyntheticTraffic.Profile passes = TARGET.withErrors(0.0, "", "");
    for (var request :
        new ExportTraceServiceRequest[] {
          marked(spans.batch(timesOut, "POST", "/checkout", 2, now), "CheckoutIT.readTimeout"),
          marked(spans.batch(passes, "POST", "/checkout", 3, now), "CheckoutIT.happyPath")
        }) {
      producer.send(new ProducerRecord<>("otlp_spans", request.toByteArray()));
    }
  }

  /** Uploads the suite's JUnit report, which declares the same test.run.id. */
  @SuppressWarnings("unchecked")
  static TestRunRow upload(ApplicationContext context) {
    byte[] report = JUNIT.getBytes(StandardCharsets.UTF_8);
    TestRunRow row =
        context
            .getBean(TestRunService.class)
            .create(
                new TestRunService.Metadata(
                    "checkout", "1.6.0", "smoke", "canary", "demo", null, null),
                null,
                report,
                "demo");
    context.getBean(TestRunTraceIds.class).record(row.id(), null, report);
    context.getBean(ApplicationEventPublisher.class).publishEvent(new TestRunChanged("checkout"));
    return row;
  }

  /** The request with the test run and case on every span, as a BaggageSpanProcessor puts them. */
  private static ExportTraceServiceRequest marked(ExportTraceServiceRequest r, String testCase) {
    ExportTraceServiceRequest.Builder out = r.toBuilder().clearResourceSpans();
    for (ResourceSpans rs : r.getResourceSpansList()) {
      ResourceSpans.Builder b = rs.toBuilder().clearScopeSpans();
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ScopeSpans.Builder sb = ss.toBuilder().clearSpans();
        for (Span s : ss.getSpansList()) {
          sb.addSpans(
              s.toBuilder()
                  .addAttributes(attr("test.run.id", RUN_ID))
                  .addAttributes(attr("test.case.name", testCase)));
        }
        b.addScopeSpans(sb);
      }
      out.addResourceSpans(b);
    }
    return out.build();
  }

  private static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
