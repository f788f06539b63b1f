package io.tollgate.gate.scenarios;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * The operation a test exercises: the first mapping rule that matches it, else, for load-test
 * samplers and checks, the label itself when it reads like an operation ({@code POST /checkout}).
 * JUnit tests are linked by rules only: a class name says nothing reliable about a route.
 */
final class TestLinks {
  private final List<MappingRule> rules;

  TestLinks(List<MappingRule> rules) {
    this.rules = List.copyOf(rules);
  }

  @Nullable
  String operation(String service, TestKey test) {
    for (MappingRule r : rules) {
      if (r.matches(service, test)) {
        return r.operation();
      }
    }
    if (test.kind() != TestKey.Kind.JUNIT && looksLikeOperation(test.key())) {
      return test.key();
    }
    return null;
  }

  /** How {@link #operation} links {@code test}: by a mapping rule, else by its label. */
  CoverageLink via(String service, TestKey test) {
    for (MappingRule r : rules) {
      if (r.matches(service, test)) {
        return CoverageLink.RULE;
      }
    }
    return CoverageLink.LABEL;
  }

  static boolean looksLikeOperation(String label) {
    return label.matches("(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /\\S*");
  }
}
