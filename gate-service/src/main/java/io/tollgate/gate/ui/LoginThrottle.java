package io.tollgate.gate.ui;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Limits failed sign-ins per client address: after {@code tollgate.ui.login-failures-per-minute}
 * failures within a minute, further attempts from that address are refused until the minute has
 * passed. The client is the connection's peer address; behind a proxy that is the proxy, which then
 * shares one budget (spoofable forwarding headers are not trusted).
 */
@Singleton
final class LoginThrottle {
  static final Duration WINDOW = Duration.ofMinutes(1);

  private final int limit;
  private final Cache<String, AtomicInteger> failures =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(WINDOW).build();

  LoginThrottle(@Value("${tollgate.ui.login-failures-per-minute:10}") int limit) {
    this.limit = Math.max(1, limit);
  }

  boolean allowed(HttpRequest<?> request) {
    AtomicInteger n = failures.getIfPresent(client(request));
    return n == null || n.get() < limit;
  }

  void failed(HttpRequest<?> request) {
    failures.asMap().computeIfAbsent(client(request), k -> new AtomicInteger()).incrementAndGet();
  }

  private static String client(HttpRequest<?> request) {
    return request.getRemoteAddress().getAddress().getHostAddress();
  }
}
