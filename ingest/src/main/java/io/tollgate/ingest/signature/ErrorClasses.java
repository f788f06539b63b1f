package io.tollgate.ingest.signature;

import java.util.Set;

/** Error classes too generic to tell failures apart, for which the message template is kept. */
public final class ErrorClasses {
  public static final String UNKNOWN = "unknown";

  private static final Set<String> GENERIC =
      Set.of(
          UNKNOWN,
          "_OTHER",
          "Exception",
          "RuntimeException",
          "Throwable",
          "Error",
          "java.lang.Exception",
          "java.lang.RuntimeException",
          "java.lang.Throwable",
          "java.lang.Error",
          "java.lang.IllegalStateException",
          "System.Exception",
          "builtins.Exception",
          "StandardError",
          "RuntimeError",
          "*errors.errorString",
          "*fmt.wrapError",
          "*errors.joinError");

  private ErrorClasses() {}

  public static boolean isGeneric(String errorClass) {
    return errorClass.isEmpty() || GENERIC.contains(errorClass);
  }
}
