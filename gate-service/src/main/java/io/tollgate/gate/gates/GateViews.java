package io.tollgate.gate.gates;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tollgate.rules.check.RuleIssue;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of gates. */
final class GateViews {
  private GateViews() {}

  @Serdeable
  record Summary(
      String name,
      int latestVersion,
      String origin,
      @Nullable String filePath,
      @Nullable String owner,
      @Nullable String description,
      Instant createdAt,
      Instant updatedAt) {
    static Summary of(GateRow g) {
      return new Summary(
          g.name(),
          g.latestVersion(),
          g.origin(),
          g.filePath(),
          g.owner(),
          g.description(),
          g.createdAt(),
          g.updatedAt());
    }
  }

  @Serdeable
  record Version(
      String name,
      int version,
      String author,
      Instant createdAt,
      String sha256,
      @Nullable String note) {
    static Version of(GateVersionRow v) {
      return new Version(
          v.gateName(), v.version(), v.author(), v.createdAt(), v.sha256(), v.note());
    }
  }

  @Serdeable
  record Document(
      String name, int version, String author, Instant createdAt, String sha256, String document) {
    static Document of(GateVersionRow v) {
      return new Document(
          v.gateName(), v.version(), v.author(), v.createdAt(), v.sha256(), v.document());
    }
  }

  @Serdeable
  record Warning(String message, int line, int column) {
    static Warning of(RuleIssue i) {
      return new Warning(i.message(), i.at().line(), i.at().column());
    }
  }

  @Serdeable
  record Saved(Version version, boolean created, List<Warning> warnings) {}

  @Serdeable
  record Validated(boolean valid, String name, int slis, List<Warning> warnings) {}

  @Serdeable
  record Diff(String name, int from, int to, String unifiedDiff) {}
}
