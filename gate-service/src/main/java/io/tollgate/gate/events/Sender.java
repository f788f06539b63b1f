package io.tollgate.gate.events;

/**
 * Sends one event to one kind of destination. Never throws: every failure is an {@link Attempt}.
 */
interface Sender {
  Attempt send(Destination to, EventBuilder.Built event);
}
