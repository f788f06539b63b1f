package io.tollgate.gate.ui;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formats instants for pages, always in UTC so screenshots and reports agree. */
public final class Times {
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  public String minute(@Nullable Instant at) {
    return at == null ? "—" : MINUTE.format(at);
  }

  public String second(@Nullable Instant at) {
    return at == null ? "—" : SECOND.format(at);
  }
}
