package io.tollgate.gate.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The roles a token can hold. A token holds one role; {@link #grants()} lists the role names it
 * acts with, so an {@code admin} can do anything and an {@code sre} can read what a {@code viewer}
 * can.
 */
public enum Role {
  ADMIN,
  SRE,
  PIPELINE,
  QA,
  VIEWER;

  /** Role names as used in {@code @Secured}. */
  public static final String ADMIN_NAME = "admin";

  public static final String SRE_NAME = "sre";
  public static final String PIPELINE_NAME = "pipeline";
  public static final String QA_NAME = "qa";
  public static final String VIEWER_NAME = "viewer";

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public List<String> grants() {
    return switch (this) {
      case ADMIN -> List.of(ADMIN_NAME, SRE_NAME, PIPELINE_NAME, QA_NAME, VIEWER_NAME);
      case SRE -> List.of(SRE_NAME, VIEWER_NAME);
      case QA -> List.of(QA_NAME, VIEWER_NAME);
      case PIPELINE -> List.of(PIPELINE_NAME);
      case VIEWER -> List.of(VIEWER_NAME);
    };
  }

  public static Optional<Role> parse(String id) {
    if (id == null) {
      return Optional.empty();
    }
    for (Role r : values()) {
      if (r.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
