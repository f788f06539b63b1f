package io.tollgate.ingest.testrun;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** The test-run file formats Tollgate reads. */
public enum TestRunFormat {
  JUNIT_XML("junit"),
  K6_SUMMARY("k6"),
  JMETER_CSV("jmeter");

  private final String id;

  TestRunFormat(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<TestRunFormat> parse(String id) {
    if (id == null) {
      return Optional.empty();
    }
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    for (TestRunFormat f : values()) {
      if (f.id.equals(wanted)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** What the format is called in messages. */
  public String title() {
    return switch (this) {
      case JUNIT_XML -> "JUnit XML";
      case K6_SUMMARY -> "k6 summary JSON";
      case JMETER_CSV -> "JMeter CSV";
    };
  }

  /**
   * Tells the format from the content's first bytes: XML starts with {@code <}, a k6 summary with
   * <code>{</code>, and a JMeter CSV file with a header row naming at least one of its columns
   * ({@code timeStamp}, {@code elapsed}, {@code label}, {@code success}). Empty when the content is
   * none of these.
   */
  public static Optional<TestRunFormat> sniff(byte[] head) {
    String s = start(head);
    if (s.startsWith("<")) {
      return Optional.of(JUNIT_XML);
    }
    if (s.startsWith("{")) {
      return Optional.of(K6_SUMMARY);
    }
    int nl = s.indexOf('\n');
    String header = (nl < 0 ? s : s.substring(0, nl)).toLowerCase(Locale.ROOT);
    for (String column : header.split("[,;\t|]")) {
      String c = column.strip().replace("\"", "");
      if (JMETER_COLUMNS.contains(c)) {
        return Optional.of(JMETER_CSV);
      }
    }
    return Optional.empty();
  }

  private static final java.util.Set<String> JMETER_COLUMNS =
      java.util.Set.of("timestamp", "elapsed", "label", "success");

  /** The content's start, without a byte-order mark and leading white space. */
  static String start(byte[] head) {
    String s = new String(head, 0, Math.min(head.length, 512), StandardCharsets.UTF_8).strip();
    if (s.startsWith("\uFEFF")) {
      s = s.substring(1).strip();
    }
    return s;
  }
}
