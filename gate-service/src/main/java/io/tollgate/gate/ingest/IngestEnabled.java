package io.tollgate.gate.ingest;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;

/**
 * Whether the Kafka consumer runs in this process: as {@code tollgate.ingest.enabled} says when it
 * is set; otherwise in single-node mode only (no bootstrap servers configured and {@code
 * tollgate.single-node.enabled}).
 */
@SuppressWarnings("rawtypes") // Micronaut's Condition takes the raw type
final class IngestEnabled implements Condition {
  @Override
  public boolean matches(ConditionContext context) {
    var enabled = context.getProperty("tollgate.ingest.enabled", Boolean.class);
    if (enabled.isPresent()) {
      return enabled.get();
    }
    return !context.containsProperty("tollgate.ingest.bootstrap-servers")
        && context.getProperty(KafkaEndpoints.SINGLE_NODE, Boolean.class).orElse(false);
  }
}
