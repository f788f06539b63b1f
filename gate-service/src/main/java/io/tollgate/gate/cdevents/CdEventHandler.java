package io.tollgate.gate.cdevents;

import io.micronaut.http.HttpStatus;
import io.tollgate.gate.security.Role;

/**
 * Takes the CDEvents of some types, from the HTTP endpoint ({@code /api/v1/events/cdevents}) and
 * from the Kafka topic alike.
 */
public interface CdEventHandler {

  /** Whether this handler takes events of the envelope's type. */
  boolean takes(Envelope event);

  /** The roles that may send these events (any one of them). */
  java.util.List<Role> roles();

  /**
   * Acts on the event.
   *
   * @param who the sender's name (the token's, or {@code kafka:<topic>})
   * @throws io.tollgate.gate.api.ProblemException when the event is wrong (4xx) or cannot be acted
   *     on
   */
  Handled handle(Envelope event, Sender who);

  /** Who sent an event: the name recorded, and the token's scope for quotas. */
  record Sender(String name, io.tollgate.gate.evaluation.Caller caller) {}

  /** The outcome: 201 when the event created something, else 200; the body to answer with. */
  record Handled(HttpStatus status, Object body) {}

  /** The types all handlers take, for the 422 that refuses others. */
  String describe();
}
