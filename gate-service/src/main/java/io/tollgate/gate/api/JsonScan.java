package io.tollgate.gate.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/**
 * Finds, in one pass over a JSON body, the first value no API field accepts: a string (value or
 * member name) holding U+0000, or a {@code null} element of an array.
 */
final class JsonScan {
  static final String NUL = "must not contain the NUL character (U+0000)";
  static final String NULL_ELEMENT = "must not be null (arrays hold no null elements)";

  private static final JsonFactory JSON = new JsonFactory();

  /** What is wrong, and where, as a JSON pointer. */
  record Finding(String pointer, String message) {}

  private JsonScan() {}

  /**
   * The first finding, or empty when there is none or the body is not JSON (a malformed body is the
   * controller's to report, with its position).
   */
  static Optional<Finding> find(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && p.currentName().indexOf('\0') >= 0) {
          return Optional.of(new Finding(pointer(p), NUL));
        }
        if (t == JsonToken.VALUE_STRING && p.getText().indexOf('\0') >= 0) {
          return Optional.of(new Finding(pointer(p), NUL));
        }
        if (t == JsonToken.VALUE_NULL && p.getParsingContext().inArray()) {
          return Optional.of(new Finding(pointer(p), NULL_ELEMENT));
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String pointer(JsonParser p) {
    String pointer = p.getParsingContext().pathAsPointer().toString().replace('\0', '?');
    return pointer.isEmpty() ? "/" : pointer;
  }
}
