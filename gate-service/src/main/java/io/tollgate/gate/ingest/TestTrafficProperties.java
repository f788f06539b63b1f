package io.tollgate.gate.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.tollgate.ingest.otlp.TestTrafficKeys;
import java.util.List;
import java.util.Set;

/**
 * {@code tollgate.ingest.test-traffic.*}: which span or resource attributes (or W3C baggage entries
 * copied onto spans) mark test traffic, which ingest stores apart from production's.
 *
 * @param runIdKeys attributes of the test run id, first present wins
 * @param caseKeys attributes of the test case
 * @param suiteKeys attributes of the test suite (mark test traffic; not stored)
 * @param syntheticTypeKey attribute of the synthetic user agent type
 * @param syntheticTypes its values that mark test traffic
 */
@ConfigurationProperties("tollgate.ingest.test-traffic")
public record TestTrafficProperties(
    @Bindable(defaultValue = "test.run.id") List<String> runIdKeys,
    @Bindable(defaultValue = "test.case.name,test.case.id") List<String> caseKeys,
    @Bindable(defaultValue = "test.suite.name") List<String> suiteKeys,
    @Bindable(defaultValue = "user_agent.synthetic.type") String syntheticTypeKey,
    @Bindable(defaultValue = "test,bot") Set<String> syntheticTypes) {

  TestTrafficKeys keys() {
    return new TestTrafficKeys(runIdKeys, caseKeys, suiteKeys, syntheticTypeKey, syntheticTypes);
  }
}
