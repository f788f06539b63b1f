package io.tollgate.ingest.testrun;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads test-run files: JUnit XML, k6 summaries (both {@code --summary-export} and {@code
 * handleSummary} JSON) and JMeter CSV.
 *
 * <pre>{@code
 * TestRun run = TestRunParsers.parse(TestRunFormat.JUNIT_XML, in, Limits.DEFAULT);
 * double passRatio = run.passRatio();
 * }</pre>
 */
public final class TestRunParsers {
  private TestRunParsers() {}

  public static TestRun parse(TestRunFormat format, InputStream in, Limits limits)
      throws TestRunParseException, IOException {
    try {
      return switch (format) {
        case JUNIT_XML -> new JUnitXmlParser(limits).parse(in);
        case K6_SUMMARY -> new K6SummaryParser(limits).parse(in);
        case JMETER_CSV -> new JMeterCsvParser(limits).parse(in);
      };
    } catch (BoundedInputStream.LimitExceeded e) {
      throw new TestRunParseException(e.getMessage(), 0, 0);
    }
  }

  /**
   * Parses after telling the format from the content (see {@link TestRunFormat#sniff}). Content
   * that is none of the formats is refused with what each format expects; a file that looks like
   * one format but is broken is refused with that format's name and where it broke.
   */
  public static TestRun parse(InputStream in, Limits limits)
      throws TestRunParseException, IOException {
    BufferedInputStream buffered = new BufferedInputStream(in);
    buffered.mark(512);
    byte[] head = buffered.readNBytes(512);
    buffered.reset();
    TestRunFormat format =
        TestRunFormat.sniff(head)
            .orElseThrow(
                () ->
                    new TestRunParseException(
                        "not a test-run file Tollgate reads; tried "
                            + TestRunFormat.JUNIT_XML.title()
                            + " (starts with '<'), "
                            + TestRunFormat.K6_SUMMARY.title()
                            + " (starts with '{') and "
                            + TestRunFormat.JMETER_CSV.title()
                            + " (a header row naming timeStamp, elapsed, label, success);"
                            + " the file starts with "
                            + quote(TestRunFormat.start(head)),
                        1,
                        1));
    try {
      return parse(format, buffered, limits);
    } catch (TestRunParseException e) {
      throw new TestRunParseException(
          "read as " + format.title() + " (told from its first bytes): " + e.getMessage(),
          e.line(),
          e.column());
    }
  }

  private static String quote(String start) {
    if (start.isEmpty()) {
      return "nothing (the file is empty)";
    }
    int nl = start.indexOf('\n');
    String line = nl < 0 ? start : start.substring(0, nl);
    String shown = line.length() > 40 ? line.substring(0, 40) + "…" : line;
    return "'" + shown.strip().replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
