package io.tollgate.gate.fuzz

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger
import java.util.regex.Pattern

/**
 * Sends mutated requests to one server on loopback, a bounded number per target, a few at a time,
 * and collects what must never happen: a status of 500 or more, an error body that is not
 * problem+json on the API, or an error body that shows internals (Java class names, stack frames,
 * SQL, database messages) the request did not itself contain.
 */
final class ApiFuzzer {
  /** What a caller must never see in an error body. */
  static final Pattern LEAK = Pattern.compile(
      "\\b(?:java|javax|jakarta|sun|io\\.micronaut|io\\.netty|io\\.tollgate|org\\.h2|org\\.postgresql"
          + "|org\\.flywaydb|com\\.fasterxml|com\\.zaxxer|reactor)\\.[a-z]+\\.[A-Za-z_\$.]+"
          + "|\\bat [\\w.\$]+\\([\\w]+\\.java:\\d+\\)|Caused by:|\\b[A-Z][A-Za-z]{0,80}Exception\\b|\\bSQL(?:State)?\\b"
          + "|\\bERROR: |(?i:\\bselect [^\\n]{1,200} from \\w|\\binsert into \\w|\\bjdbc|\\bhikari)")

  record Finding(String target, int status, String request, String response) {
    String toString() { "$target -> $status\n  request: ${request.take(300)}\n  response: ${response.take(600)}" }
  }

  final URI base
  final int perTarget
  final int parallelism
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
  final Queue<Finding> findings = new ConcurrentLinkedQueue<>()
  final AtomicInteger sent = new AtomicInteger()
  final Map<String, Map<Integer, Integer>> statuses = [:].asSynchronized()
  final Map<String, Long> millis = [:].asSynchronized()

  ApiFuzzer(URI base, int perTarget, int parallelism = 4) {
    assert base.host in ["127.0.0.1", "localhost"]: "the fuzzer only talks to loopback"
    this.base = base
    this.perTarget = perTarget
    this.parallelism = parallelism
  }

  void run(List<FuzzTarget> targets, long seed) {
    def pool = Executors.newFixedThreadPool(parallelism)
    try {
      List<Callable<Void>> jobs = []
      targets.eachWithIndex { t, ti ->
        int slices = parallelism
        slices.times { s ->
          jobs << ({
            def mutator = new Mutator(seed * 31 + ti * 1009 + s)
            int n = perTarget.intdiv(slices) + (s < perTarget % slices ? 1 : 0)
            n.times { send(t, t.build.call(mutator) as Map) }
            null
          } as Callable<Void>)
        }
      }
      pool.invokeAll(jobs).each { it.get() }
    } finally {
      pool.shutdownNow()
    }
  }

  private void send(FuzzTarget t, Map r) {
    String body = r.body ?: ""
    def b = HttpRequest.newBuilder(base.resolve(r.path as String)).timeout(Duration.ofSeconds(60))
    if (r.contentType) b.header("Content-Type", r.contentType as String)
    (r.headers ?: [:]).each { k, v -> b.header(k as String, v as String) }
    HttpResponse<String> response
    long started = System.nanoTime()
    try {
      response = send(b, t.method, body)
    } catch (IOException first) {
      // A pooled connection the server closed (after a 413, say) fails without a response;
      // only a request that also fails on a fresh attempt is a finding.
      try {
        response = send(b, t.method, body)
      } catch (IOException e) {
        findings << new Finding(t.toString(), -1, "${r.path} ${body}", "no response: $e")
        return
      }
    }
    sent.incrementAndGet()
    millis.merge(t.toString(), (System.nanoTime() - started).intdiv(1_000_000) as long, Long::sum)
    int status = response.statusCode()
    statuses.computeIfAbsent(t.toString()) { [:].asSynchronized() }.merge(status, 1, Integer::sum)
    String text = response.body() ?: ""
    String type = response.headers().firstValue("Content-Type").orElse("")
    String request = "${r.path} ${body}"
    if (status >= 500) {
      findings << new Finding(t.toString(), status, request, text)
    } else if (status >= 400 && (r.path as String).startsWith("/api/") && !type.startsWith("application/problem+json")
        && !(t.template.contains("flagger") && type.startsWith("text/plain"))) {
      findings << new Finding(t.toString(), status, request, "not problem+json ($type): $text")
    } else if (status == 400 && text.contains("problem:nul-character") && !text.contains("\"pointer\"") && !text.contains("\"line\"")) {
      // every route refuses NUL where it binds the input, naming the field; the database's
      // refusal (which cannot say which field) is only a safety net
      findings << new Finding(t.toString(), status, request, "NUL refused without naming the field: $text")
    } else if (status >= 400) {
      // bounded, as the patterns would otherwise backtrack over long echoed values
      def m = LEAK.matcher(text.take(16_000))
      while (m.find()) {
        if (!request.toLowerCase().contains(m.group().toLowerCase())) {
          findings << new Finding(t.toString(), status, request, "leaks '${m.group()}': $text")
          break
        }
      }
    }
  }

  /** Every finding, for the build's reports directory. */
  void write(File file) {
    file.parentFile.mkdirs()
    file.text = findings.collect { it.toString() }.join("\n\n")
  }

  private HttpResponse<String> send(HttpRequest.Builder b, String method, String body) {
    http.send(b.method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
  }

  String report() {
    statuses.collect { t, s -> "$t: ${s.sort()} in ${millis[t]} ms" }.sort().join("\n")
  }
}
