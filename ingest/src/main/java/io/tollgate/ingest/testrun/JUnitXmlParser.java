package io.tollgate.ingest.testrun;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads JUnit XML as Maven Surefire, Gradle, pytest, Jest and others write it: {@code testsuites}
 * or {@code testsuite} roots (nestable), {@code testcase} with {@code failure}, {@code error},
 * {@code skipped}, and Surefire's {@code flakyFailure}, {@code flakyError}, {@code rerunFailure},
 * {@code rerunError}. Gradle's per-attempt reruns (one {@code testcase} per attempt, its default
 * {@code mergeReruns = false}) count once: see {@link Attempts}. Hardened: no DTDs, no external
 * entities, bounded size, depth and case count.
 */
final class JUnitXmlParser {
  private final Limits limits;

  JUnitXmlParser(Limits limits) {
    this.limits = limits;
  }

  TestRun parse(InputStream in) throws TestRunParseException, IOException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    XMLStreamReader xml = null;
    try {
      xml = factory.createXMLStreamReader(new BoundedInputStream(in, limits.maxBytes()));
      return read(xml);
    } catch (XMLStreamException e) {
      if (e.getNestedException() instanceof BoundedInputStream.LimitExceeded limit) {
        throw new TestRunParseException(limit.getMessage(), 0, 0);
      }
      Location at = e.getLocation();
      throw new TestRunParseException(
          "not well-formed XML: " + firstLine(e.getMessage()),
          at == null ? 0 : at.getLineNumber(),
          at == null ? 0 : at.getColumnNumber());
    } finally {
      if (xml != null) {
        try {
          xml.close();
        } catch (XMLStreamException ignored) {
          // nothing left to read
        }
      }
    }
  }

  private TestRun read(XMLStreamReader xml) throws XMLStreamException, TestRunParseException {
    List<TestCase> cases = new ArrayList<>();
    Deque<String> suites = new ArrayDeque<>();
    CaseBuilder current = null;
    String outcomeElement = null;
    StringBuilder text = new StringBuilder();
    int depth = 0;
    boolean sawRoot = false;
    double rootTime = Double.NaN;
    while (xml.hasNext()) {
      int event = xml.next();
      switch (event) {
        case XMLStreamConstants.DTD ->
            throw error(xml, "DOCTYPE declarations are not allowed in test reports");
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw error(xml, "entity references are not allowed: &" + xml.getLocalName() + ";");
        case XMLStreamConstants.START_ELEMENT -> {
          if (++depth > limits.maxDepth()) {
            throw error(xml, "elements nest deeper than " + limits.maxDepth());
          }
          String name = xml.getLocalName();
          if (!sawRoot) {
            sawRoot = true;
            if (!name.equals("testsuites") && !name.equals("testsuite")) {
              throw error(
                  xml, "expected <testsuites> or <testsuite> as the root, found <" + name + ">");
            }
            rootTime = number(xml, "time");
          }
          switch (name) {
            case "testsuite" -> suites.push(attr(xml, "name"));
            case "testcase" -> {
              if (cases.size() >= limits.maxCases()) {
                throw error(xml, "more than " + limits.maxCases() + " test cases");
              }
              current =
                  new CaseBuilder(
                      suites.isEmpty() ? "" : suites.peek(),
                      attr(xml, "classname"),
                      attr(xml, "name"),
                      number(xml, "time"));
            }
            case "failure",
                "error",
                "skipped",
                "flakyFailure",
                "flakyError",
                "rerunFailure",
                "rerunError" -> {
              if (current != null) {
                outcomeElement = name;
                current.outcome(name, attr(xml, "type"), attr(xml, "message"));
                text.setLength(0);
              }
            }
            default -> {
              // properties, system-out, system-err: not needed for a verdict
            }
          }
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
          if (outcomeElement != null && text.length() < limits.maxTextChars()) {
            text.append(
                xml.getText(),
                0,
                Math.min(xml.getTextLength(), limits.maxTextChars() - text.length()));
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          depth--;
          String name = xml.getLocalName();
          if (name.equals("testsuite") && !suites.isEmpty()) {
            suites.pop();
          } else if (name.equals("testcase") && current != null) {
            cases.add(current.build());
            current = null;
          } else if (name.equals(outcomeElement) && current != null) {
            current.text(name, text.toString());
            outcomeElement = null;
          }
        }
        default -> {
          // comments, processing instructions, whitespace
        }
      }
    }
    if (!sawRoot) {
      throw new TestRunParseException("the file holds no XML element", 1, 1);
    }
    double duration =
        Double.isNaN(rootTime) ? cases.stream().mapToDouble(TestCase::timeSeconds).sum() : rootTime;
    List<TestCase> merged = Attempts.merge(cases);
    return new TestRun(
        TestRunFormat.JUNIT_XML, merged, Map.of(), List.of(), failures(merged), duration);
  }

  private static List<TestRun.Failure> failures(List<TestCase> cases) {
    List<TestRun.Failure> out = new ArrayList<>();
    for (TestCase c : cases) {
      if (c.status() == TestCase.Status.FAILED || c.status() == TestCase.Status.ERROR) {
        String source = c.className().isEmpty() ? c.suite() : c.className();
        String errorClass =
            c.failureType().isEmpty()
                ? c.status().name().toLowerCase(java.util.Locale.ROOT)
                : c.failureType();
        out.add(new TestRun.Failure(source, c.name(), errorClass, c.failureMessage(), 1));
      }
    }
    return out;
  }

  private TestRunParseException error(XMLStreamReader xml, String message) {
    Location at = xml.getLocation();
    return new TestRunParseException(message, at.getLineNumber(), at.getColumnNumber());
  }

  private static String attr(XMLStreamReader xml, String name) {
    String v = xml.getAttributeValue(null, name);
    return v == null ? "" : v;
  }

  private static double number(XMLStreamReader xml, String name) {
    String v = xml.getAttributeValue(null, name);
    if (v == null || v.isBlank()) {
      return Double.NaN;
    }
    try {
      // Some tools write "1,234.5"; JUnit's schema says a plain decimal.
      return Double.parseDouble(v.replace(",", "").trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    String m =
        message.contains("Message: ")
            ? message.substring(message.indexOf("Message: ") + 9)
            : message;
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).trim();
  }

  /** Collects one testcase's outcome elements. */
  private final class CaseBuilder {
    private final String suite;
    private final String className;
    private final String name;
    private final double time;
    private TestCase.Status status = TestCase.Status.PASSED;
    private String type = "";
    private String message = "";
    private String text = "";
    private int flaky;
    private int reruns;

    CaseBuilder(String suite, String className, String name, double time) {
      this.suite = suite;
      this.className = className;
      this.name = name;
      this.time = Double.isNaN(time) ? 0 : time;
    }

    void outcome(String element, String type, String message) {
      switch (element) {
        case "failure" -> primary(TestCase.Status.FAILED, type, message);
        case "error" -> primary(TestCase.Status.ERROR, type, message);
        case "skipped" -> {
          if (status == TestCase.Status.PASSED) {
            status = TestCase.Status.SKIPPED;
            this.message = message;
          }
        }
        case "flakyFailure", "flakyError" -> {
          flaky++;
          if (this.type.isEmpty()) {
            this.type = type;
            this.message = message;
          }
        }
        default -> reruns++; // rerunFailure, rerunError: failed again on a rerun
      }
    }

    private void primary(TestCase.Status s, String type, String message) {
      status = s;
      this.type = type;
      this.message = message;
    }

    void text(String element, String body) {
      if ((element.equals("failure") || element.equals("error"))
          || (text.isEmpty() && element.startsWith("flaky"))) {
        text = body.strip();
      }
    }

    TestCase build() {
      TestCase.Status s =
          status == TestCase.Status.PASSED && flaky > 0 ? TestCase.Status.FLAKY : status;
      boolean failed = s == TestCase.Status.FAILED || s == TestCase.Status.ERROR;
      return new TestCase(
          suite,
          className,
          name,
          s,
          time,
          type,
          message,
          text.length() > limits.maxTextChars() ? text.substring(0, limits.maxTextChars()) : text,
          flaky + reruns,
          failed || s == TestCase.Status.SKIPPED ? 0 : 1,
          failed ? 1 : 0);
    }
  }
}
