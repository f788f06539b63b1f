package io.tollgate.gate.events;

/** The CloudEvents content mode of a protocol binding. */
public enum Mode {
  /** Attributes as headers ({@code ce_} on Kafka, {@code ce-} on HTTP), the data as the body. */
  BINARY,
  /** The whole event as one JSON document ({@code application/cloudevents+json}). */
  STRUCTURED
}
