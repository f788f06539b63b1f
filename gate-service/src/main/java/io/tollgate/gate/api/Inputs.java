package io.tollgate.gate.api;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * Checks of request fields that bean validation does not cover, made before anything is written:
 * NUL characters (PostgreSQL cannot store them in text). The problem names the field with the JSON
 * pointer the caller used.
 */
public final class Inputs {
  public static final String NUL = "must not contain the NUL character (U+0000)";

  private Inputs() {}

  /** Refuses a value holding U+0000, naming {@code pointer} (e.g. {@code /owner}). */
  public static void noNul(String pointer, @Nullable String value) {
    if (value != null && value.indexOf('\0') >= 0) {
      throw new ProblemException(
          ProblemType.NUL_CHARACTER,
          "field '" + pointer + "' " + NUL,
          List.of(Problem.Issue.at(pointer, NUL)));
    }
  }
}
