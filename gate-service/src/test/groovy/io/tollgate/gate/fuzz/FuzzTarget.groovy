package io.tollgate.gate.fuzz

import groovy.transform.Immutable

/**
 * One POST or PUT route to fuzz: its route template as the router knows it, and how to build a
 * mutated request for it from a valid one.
 */
@Immutable(knownImmutableClasses = [Closure])
final class FuzzTarget {
  String method
  String template
  /** Builds {path, contentType, body, headers} from a mutator. */
  Closure<Map> build

  String toString() { "$method $template" }
}
