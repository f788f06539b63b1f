package io.tollgate.gate.otlp;

import com.google.protobuf.Message;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.gate.security.Role;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP/HTTP receiver: OpenTelemetry SDKs and the Collector's {@code otlphttp} exporter send
 * here, and the exports go to the ingest topics, so Kafka and ingest serve them as they serve the
 * Collector's Kafka exporter. Answers follow the OTLP/HTTP specification: the {@code
 * Export*ServiceResponse} (with {@code partial_success} when items were dropped) or a {@code
 * google.rpc.Status}, in the request's encoding. Pipeline tokens (and admin) may write.
 *
 * <pre>
 * OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:8080
 * OTEL_EXPORTER_OTLP_HEADERS="authorization=Bearer $TOKEN"
 * </pre>
 */
@Controller
@Requires(beans = OtlpReceiver.class)
@Secured(Role.PIPELINE_NAME)
@Tag(name = "OTLP")
final class OtlpController {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpController.class);

  private final OtlpReceiver receiver;

  OtlpController(OtlpReceiver receiver) {
    this.receiver = receiver;
  }

  @Operation(
      summary = "OTLP/HTTP trace export (ExportTraceServiceRequest)",
      description =
          "application/x-protobuf or application/json, optionally Content-Encoding: gzip. The"
              + " spans go to the ingest span topic.")
  @Post(uri = "/v1/traces", consumes = MediaType.ALL, produces = MediaType.ALL)
  @Consumes(MediaType.ALL)
  @Produces(MediaType.ALL)
  CompletableFuture<MutableHttpResponse<byte[]>> traces(
      HttpRequest<?> request, @Nullable @Body byte[] body, Authentication who) {
    return handle(request, body, who, true);
  }

  @Operation(
      summary = "OTLP/HTTP metric export (ExportMetricsServiceRequest)",
      description =
          "application/x-protobuf or application/json, optionally Content-Encoding: gzip. The"
              + " points go to the ingest metric topic.")
  @Post(uri = "/v1/metrics", consumes = MediaType.ALL, produces = MediaType.ALL)
  @Consumes(MediaType.ALL)
  @Produces(MediaType.ALL)
  CompletableFuture<MutableHttpResponse<byte[]>> metrics(
      HttpRequest<?> request, @Nullable @Body byte[] body, Authentication who) {
    return handle(request, body, who, false);
  }

  private CompletableFuture<MutableHttpResponse<byte[]>> handle(
      HttpRequest<?> request, @Nullable byte[] body, Authentication who, boolean traces) {
    byte[] bytes = body == null ? new byte[0] : body;
    String type = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
    Optional<OtlpContent> content = OtlpContent.of(type);
    if (content.isEmpty()) {
      return CompletableFuture.completedFuture(
          failure(
              OtlpRejection.unsupported(
                  "Content-Type '"
                      + Bodies.abbreviate(type == null ? "" : type)
                      + "' is not supported: use application/x-protobuf or application/json"),
              OtlpContent.PROTOBUF,
              traces));
    }
    OtlpContent c = content.get();
    String encoding = request.getHeaders().get(HttpHeaders.CONTENT_ENCODING);
    CompletableFuture<Message> work =
        traces
            ? receiver.traces(bytes, c, encoding, who.getName())
            : receiver.metrics(bytes, c, encoding, who.getName());
    return work.handle(
        (response, error) -> {
          if (error == null) {
            receiver.answered(traces, 200);
            return HttpResponse.ok(OtlpReceiver.encode(response, c)).contentType(c.mediaType());
          }
          Throwable cause = error instanceof CompletionException ? error.getCause() : error;
          if (cause instanceof OtlpRejection r) {
            return failure(r, c, traces);
          }
          LOG.error("OTLP export failed", cause);
          return failure(
              OtlpRejection.unavailable("internal error; retry later", cause), c, traces);
        });
  }

  private MutableHttpResponse<byte[]> failure(OtlpRejection r, OtlpContent c, boolean traces) {
    receiver.answered(traces, r.status());
    if (r.status() == 503 && r.getCause() != null) {
      LOG.warn("OTLP export refused: {}", r.getMessage());
    }
    MutableHttpResponse<byte[]> response =
        HttpResponse.<byte[]>status(HttpStatus.valueOf(r.status()))
            .body(r.rpcStatus().encode(c))
            .contentType(c.mediaType());
    if (r.retryable()) {
      long seconds =
          r.retryAfterSeconds() > 0
              ? r.retryAfterSeconds()
              : Math.max(1, receiver.properties().retryAfter().toSeconds());
      response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }
    return response;
  }
}
