package io.tollgate.ingest.testrun;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the test run id a test-run file declares, which joins the run to the spans its tests sent
 * (spans carrying the same {@code test.run.id}). JUnit XML declares it as a suite property, {@code
 * <property name="test.run.id" value="..."/>} (Maven Surefire and Gradle copy system properties
 * there; other runners write properties the same way). A k6 summary, both {@code --summary-export}
 * and {@code handleSummary} JSON, carries what the script's {@code setup()} returned as {@code
 * setup_data}: a script that returns {@code {testRunId: __ENV.TEST_RUN_ID}} (or the key {@code
 * "test.run.id"}) declares its run id there.
 */
public final class TestRunIds {
  /** The property and span attribute name of the run id. */
  public static final String KEY = "test.run.id";

  /** The longest run id kept, as wide as the span attribute values ingest stores. */
  public static final int MAX_LENGTH = 512;

  /** The keys of a k6 summary's {@code setup_data} that declare the run id, in order. */
  static final List<String> K6_KEYS = List.of("testRunId", KEY);

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
          .build();

  private TestRunIds() {}

  /** The run id a JUnit report or a k6 summary declares (see {@link #junit} and {@link #k6}). */
  public static Optional<String> declared(byte[] file) {
    for (byte b : file) {
      if (!Character.isWhitespace(b)) {
        return b == '{' ? k6(file) : junit(file);
      }
    }
    return Optional.empty();
  }

  /**
   * The run id a k6 summary's {@code setup_data} declares as {@code testRunId} or {@value #KEY} (a
   * string); empty when there is none, the file is not JSON, or the value is blank or longer than
   * {@value #MAX_LENGTH}. Reads the top level as a stream, skipping every other member.
   */
  public static Optional<String> k6(byte[] file) {
    try (JsonParser json = JSON.createParser(file)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if ("setup_data".equals(field) && value == JsonToken.START_OBJECT) {
          return setupData(json);
        }
        json.skipChildren();
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The first of {@link #K6_KEYS} with a string value among the members of the current object. */
  private static Optional<String> setupData(JsonParser json) throws IOException {
    Map<String, String> found = new HashMap<>();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      if (value == JsonToken.VALUE_STRING && K6_KEYS.contains(field)) {
        found.putIfAbsent(field, json.getText());
      }
      json.skipChildren();
    }
    return K6_KEYS.stream()
        .filter(found::containsKey)
        .findFirst()
        .flatMap(k -> valid(found.get(k)));
  }

  /**
   * The first {@value #KEY} property of a JUnit XML file; empty when there is none, the file is not
   * XML, or the value is blank or longer than {@value #MAX_LENGTH}.
   */
  public static Optional<String> junit(byte[] file) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    XMLStreamReader xml = null;
    try {
      xml = factory.createXMLStreamReader(new ByteArrayInputStream(file));
      while (xml.hasNext()) {
        if (xml.next() != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        String element = xml.getLocalName();
        if ("testcase".equals(element)) {
          return Optional.empty(); // properties come before the cases of a suite
        }
        if ("property".equals(element) && KEY.equals(xml.getAttributeValue(null, "name"))) {
          String value = xml.getAttributeValue(null, "value");
          if (value == null) {
            value = xml.getElementText();
          }
          return valid(value);
        }
      }
      return Optional.empty();
    } catch (XMLStreamException | RuntimeException e) {
      return Optional.empty();
    } finally {
      close(xml);
    }
  }

  /** {@code id} stripped, when it is not blank and at most {@value #MAX_LENGTH} characters. */
  public static Optional<String> valid(String id) {
    if (id == null || id.isBlank() || id.strip().length() > MAX_LENGTH) {
      return Optional.empty();
    }
    return Optional.of(id.strip());
  }

  private static void close(XMLStreamReader xml) {
    if (xml != null) {
      try {
        xml.close();
      } catch (XMLStreamException e) {
        // nothing was kept open that matters
      }
    }
  }
}
