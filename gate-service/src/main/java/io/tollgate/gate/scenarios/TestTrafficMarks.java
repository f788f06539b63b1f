package io.tollgate.gate.scenarios;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The catalog's marks of how far it read ingest's test traffic, stored beside the failure
 * signatures' marks in {@code scenario_catalog_mark} under a prefix of their own.
 */
final class TestTrafficMarks {
  static final String PREFIX = "tests:";

  private TestTrafficMarks() {}

  /** Removes the test traffic marks from {@code marks} and returns them without their prefix. */
  static Map<String, Long> take(Map<String, Long> marks) {
    Map<String, Long> out = new HashMap<>();
    for (Iterator<Map.Entry<String, Long>> it = marks.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> m = it.next();
      if (m.getKey().startsWith(PREFIX)) {
        out.put(m.getKey().substring(PREFIX.length()), m.getValue());
        it.remove();
      }
    }
    return out;
  }

  /** The test traffic watermarks as stored, with their prefix. */
  static Map<String, Long> stored(Map<String, Long> watermarks) {
    Map<String, Long> out = new HashMap<>();
    watermarks.forEach((k, v) -> out.put(PREFIX + k, v));
    return out;
  }
}
