package io.tollgate.gate.otlp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decoded bytes each token may send per minute (a fixed window per token and minute). Memory is
 * bounded: at most 10,000 windows are kept, each for two minutes.
 */
final class TokenQuota {
  private record Window(String token, long minute) {}

  private final long perMinute;
  private final Clock clock;
  private final Cache<Window, AtomicLong> used =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(2)).build();

  TokenQuota(long perMinute, Clock clock) {
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /** Counts {@code bytes} against the token's minute, or refuses them (counting nothing). */
  void take(String token, long bytes) throws OtlpRejection {
    long minute = clock.millis() / 60_000;
    AtomicLong counter = used.get(new Window(token, minute), w -> new AtomicLong());
    long after = counter.addAndGet(bytes);
    if (after > perMinute) {
      counter.addAndGet(-bytes);
      long wait = 60 - (clock.millis() / 1000) % 60;
      throw OtlpRejection.throttled(
          "token '"
              + Bodies.abbreviate(token)
              + "' sent more than "
              + perMinute
              + " bytes of telemetry this minute; retry in "
              + wait
              + " s",
          wait);
    }
  }
}
