package io.tollgate.gate.gates;

/**
 * Published, inside the saving transaction, when a new version of a gate is stored; listeners that
 * keep state derived from the document (its bindings) update it in the same transaction.
 */
public record GateSaved(String gate, int version, String document, String author) {}
