package io.tollgate.ingest.testrun;

import java.io.ByteArrayInputStream;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the test run id a test-run file declares, which joins the run to the spans its tests sent
 * (spans carrying the same {@code test.run.id}). JUnit XML declares it as a suite property, {@code
 * <property name="test.run.id" value="..."/>} (Maven Surefire and Gradle copy system properties
 * there; other runners write properties the same way).
 */
public final class TestRunIds {
  /** The property and span attribute name of the run id. */
  public static final String KEY = "test.run.id";

  /** The longest run id kept, as wide as the span attribute values ingest stores. */
  public static final int MAX_LENGTH = 512;

  private TestRunIds() {}

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
