package io.tollgate.gate.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One side of an evaluation (canary, baseline or target): a label selector over the ingest
 * dimensions and the template variables it implies.
 */
record Side(String name, Map<String, String> labels) {
  static final String CANARY = "canary";
  static final String BASELINE = "baseline";
  static final String TARGET = "current";

  Side {
    labels = Map.copyOf(labels);
  }

  String label(String key) {
    String v = labels.get(key);
    return v == null || v.isBlank() ? null : v;
  }

  /** Gate variables, then request variables, then this side's labels ($service, $version...). */
  Map<String, String> variables(Map<String, String> gate, Map<String, String> request) {
    Map<String, String> vars = new LinkedHashMap<>(gate);
    vars.putAll(request);
    vars.putAll(labels);
    return vars;
  }
}
