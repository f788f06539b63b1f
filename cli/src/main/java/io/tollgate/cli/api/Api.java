package io.tollgate.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** A small JSON-over-HTTP client for the Tollgate API. */
final class Api {
  /** The server could not be reached or answered with an error. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    Failure(int status, String message) {
      super(message);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  record Response(int status, JsonNode body) {}

  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  Api(ServerOptions options) throws IOException {
    this.base = options.baseUri();
    this.token = options.token();
  }

  Response get(String path, Duration timeout) throws Failure {
    return send(request(path, timeout).GET().build());
  }

  /** The body as text, asking for {@code accept} (a gate's YAML). */
  String getText(String path, String accept) throws Failure {
    HttpRequest request = request(path, Duration.ofSeconds(30)).setHeader("Accept", accept).build();
    HttpResponse<String> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Failure(0, "cannot reach Tollgate at " + base + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(0, "interrupted");
    }
    if (r.statusCode() >= 400) {
      String detail = "";
      try {
        detail = r.body() == null ? "" : JSON.readTree(r.body()).path("detail").asText("");
      } catch (IOException e) {
        // not a problem document: the status alone says it
      }
      throw new Failure(
          r.statusCode(),
          "HTTP " + r.statusCode() + " for " + path + (detail.isEmpty() ? "" : ": " + detail));
    }
    return r.body();
  }

  Response postJson(String path, Object body) throws Failure {
    try {
      return send(
          request(path, Duration.ofSeconds(90))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build());
    } catch (IOException e) {
      throw new Failure(0, "cannot encode the request: " + e.getMessage());
    }
  }

  Response postBytes(String path, byte[] body, String contentType) throws Failure {
    return send(
        request(path, Duration.ofSeconds(120))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  private HttpRequest.Builder request(String path, Duration timeout) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
            .timeout(timeout)
            .header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private Response send(HttpRequest request) throws Failure {
    HttpResponse<String> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new Failure(0, "cannot reach Tollgate at " + base + " (connection refused)");
    } catch (HttpTimeoutException e) {
      throw new Failure(0, "Tollgate at " + base + " did not answer in time");
    } catch (IOException e) {
      throw new Failure(0, "cannot reach Tollgate at " + base + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(0, "interrupted");
    }
    JsonNode body;
    try {
      body = r.body() == null || r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      body = JSON.nullNode();
    }
    if (r.statusCode() >= 400) {
      String detail = body.path("detail").asText("");
      String title = body.path("title").asText("HTTP " + r.statusCode());
      throw new Failure(r.statusCode(), title + (detail.isEmpty() ? "" : ": " + detail));
    }
    return new Response(r.statusCode(), body);
  }
}
