package io.tollgate.gate.events;

import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * POSTs an event to a webhook: a CloudEvent with the SDK's HTTP binding (binary: {@code ce-}
 * headers and the data as the body; structured: {@code application/cloudevents+json}), or a chat
 * message ({@link ChatMessage}). Any 2xx is delivered; 408, 425, 429, 5xx, timeouts and connection
 * errors are retried; any other answer is refused for good. The answer's body is not read past what
 * the JDK needs.
 */
@Singleton
final class WebhookSender implements Sender {
  static final String SIGNATURE = "X-Tollgate-Signature";
  // the format itself rather than a lookup by content type through the ServiceLoader
  private static final JsonFormat FORMAT = new JsonFormat();

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final ChatMessage chat;

  WebhookSender(ChatMessage chat) {
    this.chat = chat;
  }

  @Override
  public Attempt send(Destination to, EventBuilder.Built event) {
    WebhookProperties w = to.webhook();
    Map<String, String> headers = new LinkedHashMap<>();
    byte[] body = body(w, event, headers);
    if (w.secret() != null && !w.secret().isEmpty()) {
      headers.put(SIGNATURE, Signature.header(w.secret(), body));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(w.url())
            .timeout(w.timeout())
            .header("User-Agent", "tollgate-events")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    try {
      HttpResponse<Void> response =
          http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return new Attempt.Delivered(status);
      }
      String error = "the webhook answered " + status;
      return retryable(status)
          ? new Attempt.Retryable(status, error)
          : new Attempt.Refused(status, error);
    } catch (HttpTimeoutException e) {
      return new Attempt.Retryable(null, "no answer within " + w.timeout().toMillis() + " ms");
    } catch (IOException e) {
      return new Attempt.Retryable(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Attempt.Retryable(null, "interrupted");
    }
  }

  private byte[] body(WebhookProperties w, EventBuilder.Built event, Map<String, String> headers) {
    if (w.format() != Format.CLOUDEVENTS) {
      headers.put("Content-Type", "application/json");
      return chat.render(w.format(), event.data());
    }
    AtomicReference<byte[]> body = new AtomicReference<>(new byte[0]);
    var writer = HttpMessageFactory.createWriter(headers::put, body::set);
    if (w.mode() == Mode.STRUCTURED) {
      writer.writeStructured(event.event(), FORMAT);
    } else {
      writer.writeBinary(event.event());
    }
    return body.get();
  }

  static boolean retryable(int status) {
    return status == 408 || status == 425 || status == 429 || status >= 500;
  }
}
