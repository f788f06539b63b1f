package io.tollgate.rules.parse;

import io.tollgate.rules.check.RuleIssue;
import io.tollgate.rules.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Collects issues found while reading one document, each positioned at a YAML node.
 *
 * <p>Shared by the gate parser, the importers and the observation and rule-test readers.
 */
public final class Issues {
  private final String source;
  private final List<RuleIssue> issues = new ArrayList<>();

  /** Issues for the document called {@code source} (usually its file name). */
  public Issues(String source) {
    this.source = source;
  }

  /** The document's name. */
  public String source() {
    return source;
  }

  /** Longest piece of a document's text echoed in a message. */
  static final int MAX_ECHO = 60;

  /**
   * Shortens a piece of the document's text for a message, so hostile input is never echoed at
   * length.
   */
  public static String shorten(String text) {
    return text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "..." : text;
  }

  /** Line 1, column 1 of the document. */
  public SourceLocation start() {
    return new SourceLocation(source, 1, 1);
  }

  /** The 1-based position of a node's start. */
  public SourceLocation at(Node node) {
    if (node == null) {
      return new SourceLocation(source, 1, 1);
    }
    return node.getStartMark().map(this::at).orElse(new SourceLocation(source, 1, 1));
  }

  /** The 1-based position of a mark. */
  public SourceLocation at(Mark mark) {
    return new SourceLocation(source, mark.getLine() + 1, mark.getColumn() + 1);
  }

  /** Records an error at a node. */
  public void error(Node node, String message) {
    issues.add(RuleIssue.error(at(node), cap(message)));
  }

  /** Records an error at a location. */
  public void error(SourceLocation at, String message) {
    issues.add(RuleIssue.error(at, cap(message)));
  }

  /** Records a warning at a node. */
  public void warning(Node node, String message) {
    issues.add(RuleIssue.warning(at(node), cap(message)));
  }

  /** Records a warning at a location. */
  public void warning(SourceLocation at, String message) {
    issues.add(RuleIssue.warning(at, cap(message)));
  }

  private static String cap(String message) {
    // a backstop: every message names its subject briefly, so this only cuts echoed input
    return message.length() > 1000 ? message.substring(0, 1000) + "..." : message;
  }

  /** Adds issues found elsewhere. */
  public void addAll(List<RuleIssue> more) {
    issues.addAll(more);
  }

  /** True when at least one error was recorded. */
  public boolean hasErrors() {
    return issues.stream().anyMatch(i -> i.severity() == io.tollgate.rules.check.Severity.ERROR);
  }

  /** All issues sorted by position. */
  public List<RuleIssue> sorted() {
    return issues.stream().sorted(RuleIssue.BY_POSITION).toList();
  }
}
