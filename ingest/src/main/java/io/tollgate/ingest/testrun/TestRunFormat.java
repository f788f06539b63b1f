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

  /** Guesses the format from the first bytes: {@code <} is XML, <code>{</code> JSON, else CSV. */
  public static TestRunFormat sniff(byte[] head) {
    String s = new String(head, 0, Math.min(head.length, 512), StandardCharsets.UTF_8).strip();
    if (s.startsWith("\uFEFF")) {
      s = s.substring(1).strip();
    }
    if (s.startsWith("<")) {
      return JUNIT_XML;
    }
    if (s.startsWith("{")) {
      return K6_SUMMARY;
    }
    return JMETER_CSV;
  }
}
