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

  /** Parses after guessing the format from the first bytes. */
  public static TestRun parse(InputStream in, Limits limits)
      throws TestRunParseException, IOException {
    BufferedInputStream buffered = new BufferedInputStream(in);
    buffered.mark(512);
    byte[] head = buffered.readNBytes(512);
    buffered.reset();
    return parse(TestRunFormat.sniff(head), buffered, limits);
  }
}
