package io.tollgate.rules.model;

import java.util.Map;
import java.util.Objects;

/** Descriptive data about a gate: name (required), owner, labels and a free-text description. */
public record Metadata(String name, String owner, Map<String, String> labels, String description) {
  public Metadata {
    Objects.requireNonNull(name, "name");
    owner = owner == null ? "" : owner;
    labels = Map.copyOf(labels == null ? Map.of() : labels);
    description = description == null ? "" : description;
  }
}
