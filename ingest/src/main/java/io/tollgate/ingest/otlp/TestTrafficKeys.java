package io.tollgate.ingest.otlp;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which attributes mark a span as test traffic. Each is looked up on the span first, then on its
 * resource; within a list, the first key present wins. W3C baggage entries copied onto spans by
 * OpenTelemetry's {@code BaggageSpanProcessor} arrive as span attributes under their baggage key,
 * so the same keys recognise them.
 *
 * @param runIdKeys keys of the test run id (default {@code test.run.id})
 * @param caseKeys keys of the test case (default {@code test.case.name}, then {@code test.case.id})
 * @param suiteKeys keys of the test suite (default {@code test.suite.name}); a suite alone marks
 *     test traffic, it is not stored
 * @param syntheticTypeKey key of the synthetic user agent type (default {@code
 *     user_agent.synthetic.type})
 * @param syntheticTypes values of {@code syntheticTypeKey} that mark test traffic (default {@code
 *     test}, {@code bot})
 */
public record TestTrafficKeys(
    List<String> runIdKeys,
    List<String> caseKeys,
    List<String> suiteKeys,
    String syntheticTypeKey,
    Set<String> syntheticTypes) {

  public TestTrafficKeys {
    runIdKeys = List.copyOf(runIdKeys);
    caseKeys = List.copyOf(caseKeys);
    suiteKeys = List.copyOf(suiteKeys);
    Objects.requireNonNull(syntheticTypeKey, "syntheticTypeKey");
    syntheticTypes = Set.copyOf(syntheticTypes);
  }

  /**
   * OpenTelemetry's test conventions, {@code test.run.id}, and synthetic {@code test}/{@code bot}.
   */
  public static TestTrafficKeys defaults() {
    return new TestTrafficKeys(
        List.of("test.run.id"),
        List.of("test.case.name", "test.case.id"),
        List.of("test.suite.name"),
        "user_agent.synthetic.type",
        Set.of("test", "bot"));
  }

  /** Recognises nothing: every span is production traffic. */
  public static TestTrafficKeys none() {
    return new TestTrafficKeys(List.of(), List.of(), List.of(), "", Set.of());
  }
}
