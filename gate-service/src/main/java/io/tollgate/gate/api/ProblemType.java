package io.tollgate.gate.api;

import io.micronaut.http.HttpStatus;

/** The kinds of problem the API reports; each has a stable {@code type} URI. */
public enum ProblemType {
  BAD_REQUEST(400, "bad-request", "The request is malformed"),
  INVALID_JSON(400, "invalid-json", "The request body is not valid JSON"),
  VALIDATION(400, "validation", "The request has invalid fields"),
  NUL_CHARACTER(400, "nul-character", "The request contains a NUL character"),
  INVALID_TEST_RUN(400, "invalid-test-run", "The test-run file cannot be read"),
  UNAUTHORIZED(401, "unauthorized", "A valid API token is required"),
  FORBIDDEN(403, "forbidden", "The token's role does not allow this"),
  NOT_FOUND(404, "not-found", "No such resource"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
  NOT_ACCEPTABLE(406, "not-acceptable", "No acceptable representation"),
  CONFLICT(409, "conflict", "The request conflicts with the current state"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large", "The request body is too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported content type"),
  UNPROCESSABLE(422, "unprocessable", "The request cannot be processed"),
  UNSAFE_PATTERN(422, "unsafe-pattern", "The regular expression cannot run in linear time"),
  INVALID_GATE(422, "invalid-gate", "The gate document has errors"),
  TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
  QUOTA_EXCEEDED(429, "quota-exceeded", "A quota of running evaluations or waits is used up"),
  IDEMPOTENCY_CONFLICT(
      409, "idempotency-conflict", "The idempotency key was used with a different request"),
  INTERNAL(500, "internal", "Internal error"),
  UNAVAILABLE(503, "unavailable", "Service unavailable");

  private static final String PREFIX = "urn:tollgate:problem:";

  /** Kinds that only application code raises; a bare status never maps to them. */
  private static final java.util.Set<ProblemType> SPECIFIC =
      java.util.EnumSet.of(
          INVALID_JSON, VALIDATION, NUL_CHARACTER, INVALID_TEST_RUN, INVALID_GATE, UNSAFE_PATTERN);

  private final int status;
  private final String slug;
  private final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String uri() {
    return PREFIX + slug;
  }

  public String title() {
    return title;
  }

  public HttpStatus httpStatus() {
    return HttpStatus.valueOf(status);
  }

  /** The generic problem for a status code the API does not model more precisely. */
  public static ProblemType forStatus(int status) {
    for (ProblemType t : values()) {
      if (t.status == status && !SPECIFIC.contains(t)) {
        return t;
      }
    }
    return status >= 500 ? INTERNAL : BAD_REQUEST;
  }
}
