package io.tollgate.ingest.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reverse proxy in front of a real Prometheus that behaves like the overloaded servers,
 * authenticating gateways and slow links a client meets in production: scripted failure answers
 * first, an optional delay, an optional required {@code Authorization} header. Everything else is
 * forwarded to the real server.
 */
public final class FlakyProxy implements AutoCloseable {
  private record Scripted(int status, String retryAfter, String body) {}

  private final HttpServer server;
  private final URI upstream;
  private final HttpClient client = HttpClient.newHttpClient();
  private final Deque<Scripted> script = new ArrayDeque<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile Duration delay = Duration.ZERO;
  private volatile String requiredAuthorization;

  public FlakyProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next request gets this answer instead of being forwarded. */
  public synchronized FlakyProxy thenAnswer(int status, String retryAfter, String body) {
    script.add(new Scripted(status, retryAfter, body));
    return this;
  }

  public FlakyProxy delay(Duration d) {
    delay = d;
    return this;
  }

  public FlakyProxy requireAuthorization(String header) {
    requiredAuthorization = header;
    return this;
  }

  public int requests() {
    return requests.get();
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  private synchronized Scripted nextScripted() {
    return script.poll();
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try (ex) {
      byte[] in = ex.getRequestBody().readAllBytes();
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (requiredAuthorization != null && !requiredAuthorization.equals(auth)) {
        reply(
            ex,
            401,
            null,
            "{\"status\":\"error\",\"errorType\":\"auth\",\"error\":\"unauthorized\"}");
        return;
      }
      Scripted s = nextScripted();
      if (s != null) {
        reply(ex, s.status(), s.retryAfter(), s.body());
        return;
      }
      HttpRequest.Builder b =
          HttpRequest.newBuilder(upstream.resolve(ex.getRequestURI().toString()))
              .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(in));
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      if (type != null) {
        b.header("Content-Type", type);
      }
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      reply(ex, r.statusCode(), null, r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private static void reply(HttpExchange ex, int status, String retryAfter, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (retryAfter != null) {
      ex.getResponseHeaders().add("Retry-After", retryAfter);
    }
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
