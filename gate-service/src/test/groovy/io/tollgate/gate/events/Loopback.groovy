package io.tollgate.gate.events

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger

/**
 * A webhook receiver on 127.0.0.1 (the JDK's HttpServer) that records every request. Per path it
 * can fail the first attempts of each event (500), or hold the first one past the sender's timeout.
 */
class Loopback implements AutoCloseable {
  static class Received {
    String path
    Map<String, String> headers
    byte[] body
    String eventId
  }

  final HttpServer server
  final List<Received> received = new CopyOnWriteArrayList<>()
  /** path -> failures (500) before each event is accepted */
  final Map<String, Integer> failFirst = new ConcurrentHashMap<>()
  /** path -> milliseconds the first request of each event is held before its 200 */
  final Map<String, Long> holdFirst = new ConcurrentHashMap<>()
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>()

  Loopback() {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50)
    server.executor = Executors.newFixedThreadPool(8)
    server.createContext("/") { HttpExchange x -> handle(x) }
    server.start()
  }

  URI uri(String path) {
    URI.create("http://127.0.0.1:${server.address.port}$path")
  }

  List<Received> at(String path) {
    received.findAll { it.path == path }
  }

  private void handle(HttpExchange x) {
    try {
      def headers = [:] as TreeMap<String, String>
      x.requestHeaders.each { k, v -> headers[k.toLowerCase()] = v[0] }
      byte[] body = x.requestBody.readAllBytes()
      String path = x.requestURI.path
      String eventId = headers["ce-id"] ?: (new String(body, "UTF-8") =~ /"id"\s*:\s*"([^"]+)"/).with { it.find() ? it.group(1) : "" }
      received << new Received(path: path, headers: headers, body: body, eventId: eventId)
      int n = seen.computeIfAbsent(path + "|" + eventId) { new AtomicInteger() }.incrementAndGet()
      if (n == 1 && holdFirst[path]) {
        Thread.sleep(holdFirst[path])
      }
      int status = n <= (failFirst[path] ?: 0) ? 500 : 200
      x.sendResponseHeaders(status, -1)
    } finally {
      x.close()
    }
  }

  @Override
  void close() {
    server.stop(0)
    server.executor.shutdownNow()
  }
}
