package io.tollgate.gate.events;

import io.micronaut.core.annotation.Nullable;

/** How one delivery attempt went. */
sealed interface Attempt {
  /** The HTTP status of the answer, if there was one. */
  @Nullable
  Integer status();

  /** Accepted by the destination. */
  record Delivered(@Nullable Integer status) implements Attempt {}

  /** Failed in a way a later attempt may not (timeouts, connection errors, 5xx, 429, 408). */
  record Retryable(@Nullable Integer status, String error) implements Attempt {}

  /** Refused for good (other 4xx): retrying would send the same request to the same answer. */
  record Refused(@Nullable Integer status, String error) implements Attempt {}
}
