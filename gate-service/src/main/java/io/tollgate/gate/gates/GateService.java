package io.tollgate.gate.gates;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Pageable;
import io.micronaut.transaction.annotation.Transactional;
import io.tollgate.gate.api.Inputs;
import io.tollgate.gate.api.Problem;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.gate.store.AuditLog;
import io.tollgate.rules.check.IssuePrinter;
import io.tollgate.rules.check.RuleIssue;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.parse.GateParser;
import io.tollgate.rules.parse.ParseResult;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Stores gates as immutable versions. Every accepted change of a document is a new version with its
 * author and time; saving the same text again changes nothing.
 */
@Singleton
public class GateService {
  /** The outcome of a save: the version that now stands, and whether this save made it. */
  public record Saved(
      GateRow gate, GateVersionRow version, boolean created, List<RuleIssue> warnings) {}

  private final GateRepositories.Gates gates;
  private final GateRepositories.Versions versions;
  private final GateLocks locks;
  private final AuditLog audit;
  private final Clock clock;
  private final ApplicationEventPublisher<GateSaved> published;

  GateService(
      GateRepositories.Gates gates,
      GateRepositories.Versions versions,
      GateLocks locks,
      AuditLog audit,
      Clock clock,
      ApplicationEventPublisher<GateSaved> published) {
    this.published = published;
    this.gates = gates;
    this.versions = versions;
    this.locks = locks;
    this.audit = audit;
    this.clock = clock;
  }

  /** Parses and checks a document without storing it. */
  public ParseResult validate(String sourceName, String text) {
    return GateParser.parse(sourceName, text);
  }

  /**
   * Stores {@code text} as the next version of the gate it names.
   *
   * @param expectedName the name the caller addressed (PUT), or null to take the document's
   * @param filePath the GitOps file it came from, or null for the API
   */
  @Transactional
  public Saved save(
      String text,
      String author,
      @Nullable String expectedName,
      @Nullable String filePath,
      @Nullable String note) {
    String sourceName = filePath != null ? filePath : "gate.yaml";
    Inputs.noNulInDocument("the gate document", text);
    ParseResult parsed = validate(sourceName, text);
    Gate gate = parsed.gate().orElseThrow(() -> invalid(parsed.issues(), text));
    String name = GateNames.check(gate.metadata().name());
    fits("metadata.owner", gate.metadata().owner(), 200);
    fits("metadata.description", gate.metadata().description(), 2000);
    if (note != null && note.length() > GateNames.MAX_NOTE) {
      throw new ProblemException(
          ProblemType.VALIDATION,
          "note has " + note.length() + " characters; the limit is " + GateNames.MAX_NOTE,
          List.of(Problem.Issue.at("?note", "at most " + GateNames.MAX_NOTE + " characters")));
    }
    if (expectedName != null && !expectedName.equals(name)) {
      throw new ProblemException(
          ProblemType.VALIDATION,
          "the document's metadata.name is '"
              + name
              + "' but the request addresses '"
              + expectedName
              + "'");
    }
    String origin = filePath != null ? GateRow.ORIGIN_FILE : GateRow.ORIGIN_API;
    Instant now = clock.instant();
    String sha = sha256(text);
    Optional<GateRow> existing = locks.lock(name);
    if (existing.isPresent()) {
      GateRow row = existing.get();
      if (row.origin().equals(GateRow.ORIGIN_FILE) && filePath == null) {
        throw new ProblemException(
            ProblemType.CONFLICT,
            "gate '" + name + "' is managed from the file " + row.filePath() + "; change it there");
      }
      GateVersionRow latest =
          versions.findByGateNameAndVersion(name, row.latestVersion()).orElseThrow();
      if (latest.sha256().equals(sha)) {
        return new Saved(row, latest, false, parsed.issues());
      }
    }
    int version = existing.map(r -> r.latestVersion() + 1).orElse(1);
    GateRow row =
        new GateRow(
            name,
            version,
            origin,
            filePath,
            blankToNull(gate.metadata().owner()),
            blankToNull(gate.metadata().description()),
            existing.map(GateRow::createdAt).orElse(now),
            now);
    if (existing.isPresent()) {
      gates.update(row);
    } else {
      gates.save(row);
    }
    GateVersionRow saved =
        versions.save(new GateVersionRow(null, name, version, text, sha, author, now, note));
    audit.record(author, "gate.save", "gate/" + name, "version=" + version);
    published.publishEvent(new GateSaved(name, version, text, author));
    return new Saved(row, saved, true, parsed.issues());
  }

  public Optional<GateRow> find(String name) {
    return gates.findById(name);
  }

  public List<GateRow> list() {
    return gates.listOrderByName();
  }

  /** Up to {@code limit} gates by name, after {@code afterName} when given. */
  public List<GateRow> list(@Nullable String afterName, int limit) {
    Pageable page = Pageable.from(0, limit);
    return afterName == null
        ? gates.listOrderByName(page)
        : gates.findByNameGreaterThanOrderByName(afterName, page);
  }

  public GateVersionRow version(String name, @Nullable Integer version) {
    GateRow row =
        gates.findById(name).orElseThrow(() -> ProblemException.notFound("gate '" + name + "'"));
    int wanted = version == null ? row.latestVersion() : version;
    return versions
        .findByGateNameAndVersion(name, wanted)
        .orElseThrow(
            () -> ProblemException.notFound("version " + wanted + " of gate '" + name + "'"));
  }

  public List<GateVersionRow> history(String name) {
    if (gates.findById(name).isEmpty()) {
      throw ProblemException.notFound("gate '" + name + "'");
    }
    return versions.findByGateNameOrderByVersionDesc(name);
  }

  /** The 422 problem for a document with errors: positioned issues, printed with carets. */
  static ProblemException invalid(List<RuleIssue> issues, String text) {
    return new ProblemException(
        ProblemType.INVALID_GATE,
        IssuePrinter.format(issues, text).strip(),
        issues.stream()
            .map(
                i ->
                    new Problem.Issue(
                        i.severity().name().toLowerCase(java.util.Locale.ROOT) + ": " + i.message(),
                        null,
                        i.at().line() > 0 ? i.at().line() : null,
                        i.at().column() > 0 ? i.at().column() : null))
            .toList());
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** The stored columns' sizes: a longer value is the document's mistake, not a 500. */
  private static void fits(String field, @Nullable String value, int max) {
    if (value != null && value.length() > max) {
      throw new ProblemException(
          ProblemType.VALIDATION,
          field + " has " + value.length() + " characters; the limit is " + max,
          List.of(
              Problem.Issue.at("/" + field.replace('.', '/'), "at most " + max + " characters")));
    }
  }
}
