package io.tollgate.gate.api;

import io.micronaut.core.bind.exceptions.UnsatisfiedArgumentException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds problem responses from what went wrong, without leaking internals. */
final class ProblemResponses {
  private static final Pattern JSON_LOCATION =
      Pattern.compile("line: (\\d+), column: (\\d+)", Pattern.CASE_INSENSITIVE);

  private ProblemResponses() {}

  static MutableHttpResponse<Problem> respond(Problem problem) {
    return HttpResponse.<Problem>status(ProblemType.forStatus(problem.status()).httpStatus())
        .body(problem)
        .contentType(Problem.MEDIA_TYPE);
  }

  static Problem fromException(ProblemException e, HttpRequest<?> request) {
    ProblemType t = e.type();
    return new Problem(
        t.uri(),
        t.title(),
        t.status(),
        e.detail(),
        request.getPath(),
        e.issues().isEmpty() ? null : e.issues());
  }

  /** A problem for an error the framework raised: routing, binding, security, limits. */
  static Problem fromContext(ErrorContext context, int status) {
    String path = context.getRequest().getPath();
    Optional<Throwable> cause = context.getRootCause();
    if (status == 400 && cause.isPresent()) {
      Throwable root = cause.get();
      if (root instanceof ConstraintViolationException cve) {
        return validation(cve, path);
      }
      Optional<Problem> json = invalidJson(root, path);
      if (json.isPresent()) {
        return json.get();
      }
      if (root instanceof UnsatisfiedRouteException missing) {
        return missing(missing.getArgument(), root instanceof UnsatisfiedBodyRouteException, path);
      }
      if (root instanceof UnsatisfiedArgumentException missing) {
        Argument<?> argument = missing.getArgument();
        return missing(argument, argument.getAnnotationMetadata().hasAnnotation(Body.class), path);
      }
      if (root instanceof ConversionErrorException conversion) {
        return new Problem(
            ProblemType.BAD_REQUEST.uri(),
            ProblemType.BAD_REQUEST.title(),
            400,
            "parameter '" + conversion.getArgument().getName() + "' has an invalid value",
            path,
            null);
      }
    }
    ProblemType type = ProblemType.forStatus(status);
    String detail =
        switch (type) {
          case UNAUTHORIZED -> "send 'Authorization: Bearer <token>' with a valid, unrevoked token";
          case FORBIDDEN ->
              "this token's role may not " + context.getRequest().getMethod() + " " + path;
          case NOT_FOUND -> "no resource at " + path;
          case METHOD_NOT_ALLOWED ->
              context.getRequest().getMethod() + " is not allowed on " + path;
          case PAYLOAD_TOO_LARGE -> "the request body exceeds the server's size limit";
          case UNSUPPORTED_MEDIA_TYPE ->
              "content type "
                  + context.getRequest().getContentType().map(Object::toString).orElse("(none)")
                  + " is not accepted at "
                  + path;
          case INTERNAL -> "an internal error occurred; it has been logged";
          default -> null;
        };
    return new Problem(type.uri(), type.title(), type.status(), detail, path, null);
  }

  private static Problem missing(Argument<?> argument, boolean body, String path) {
    return new Problem(
        ProblemType.BAD_REQUEST.uri(),
        ProblemType.BAD_REQUEST.title(),
        400,
        body
            ? "the request body is required"
            : "required parameter '" + argument.getName() + "' is missing",
        path,
        null);
  }

  private static Problem validation(ConstraintViolationException e, String path) {
    List<Problem.Issue> issues = new ArrayList<>();
    for (ConstraintViolation<?> v : e.getConstraintViolations()) {
      issues.add(Problem.Issue.at(pointer(v.getPropertyPath().toString()), v.getMessage()));
    }
    issues.sort(Comparator.comparing(i -> String.valueOf(i.pointer())));
    return new Problem(
        ProblemType.VALIDATION.uri(),
        ProblemType.VALIDATION.title(),
        400,
        issues.size() + " invalid field(s)",
        path,
        issues);
  }

  /** Jackson parse errors carry the line and column; report those, not the message. */
  private static Optional<Problem> invalidJson(Throwable root, String path) {
    for (Throwable t = root; t != null; t = t.getCause()) {
      String className = t.getClass().getName();
      if (className.startsWith("com.fasterxml.jackson.core")
          || className.startsWith("com.fasterxml.jackson.databind")
          || className.startsWith("io.micronaut.serde.exceptions")) {
        Matcher m = JSON_LOCATION.matcher(String.valueOf(t.getMessage()));
        Integer line = null;
        Integer column = null;
        String where = "";
        if (m.find()) {
          line = Integer.valueOf(m.group(1));
          column = Integer.valueOf(m.group(2));
          where = " at line " + line + ", column " + column;
        }
        return Optional.of(
            new Problem(
                ProblemType.INVALID_JSON.uri(),
                ProblemType.INVALID_JSON.title(),
                400,
                "the body could not be read as the expected JSON" + where,
                path,
                List.of(new Problem.Issue("malformed or mistyped JSON", null, line, column))));
      }
    }
    return Optional.empty();
  }

  /** {@code create.body.name} becomes {@code /name}: the JSON pointer the caller knows. */
  static String pointer(String propertyPath) {
    String[] parts = propertyPath.split("\\.");
    int start = parts.length > 2 ? 2 : parts.length - 1;
    StringBuilder b = new StringBuilder();
    for (int i = Math.max(0, start); i < parts.length; i++) {
      b.append('/').append(parts[i].replace("[", "/").replace("]", ""));
    }
    return b.toString();
  }
}
