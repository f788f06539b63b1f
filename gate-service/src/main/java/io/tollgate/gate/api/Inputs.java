package io.tollgate.gate.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Checks of request fields that bean validation does not cover, made before anything is written:
 * NUL characters (PostgreSQL cannot store them in text). The problem names the field with the JSON
 * pointer the caller used.
 */
public final class Inputs {
  public static final String NUL = "must not contain the NUL character (U+0000)";
  private static final int MAX_DEPTH = 16;

  private Inputs() {}

  /** Refuses a value holding U+0000, naming {@code pointer} (e.g. {@code /owner}). */
  public static void noNul(String pointer, @Nullable String value) {
    if (value != null && value.indexOf('\0') >= 0) {
      throw refused(pointer);
    }
  }

  /**
   * Refuses a bound request body that holds U+0000 anywhere: in any string of a record, a list or a
   * map (keys too), however deep. The problem names the first such field as a JSON pointer ({@code
   * /context/canaryWeight}, {@code /testRuns/2}), so every route that binds a body refuses NUL the
   * same way, before anything is written.
   */
  public static void noNulIn(@Nullable Object body) {
    String at = nulAt(body);
    if (at != null) {
      throw refused(at);
    }
  }

  /** The JSON pointer of the first string in {@code body} that holds U+0000; null when none. */
  @Nullable
  public static String nulAt(@Nullable Object body) {
    String at = firstNul(body, "", 0);
    return at == null ? null : at.isEmpty() ? "/" : at;
  }

  /**
   * Refuses a document (a gate's YAML, an uploaded report) holding U+0000, naming the line and
   * column of the first one.
   */
  public static void noNulInDocument(String what, CharSequence text) {
    noNulInDocument(what, text.length(), text::charAt);
  }

  /** The same for a document still in bytes; the column counts bytes. */
  public static void noNulInDocument(String what, byte[] document) {
    noNulInDocument(what, document.length, i -> (char) document[i]);
  }

  private static void noNulInDocument(String what, int length, IntToCharFunction at) {
    int line = 1;
    int lineStart = 0;
    int nul = -1;
    for (int i = 0; i < length && nul < 0; i++) {
      char c = at.apply(i);
      if (c == '\n') {
        line++;
        lineStart = i + 1;
      } else if (c == '\0') {
        nul = i;
      }
    }
    if (nul < 0) {
      return;
    }
    int column = nul - lineStart + 1;
    throw new ProblemException(
        ProblemType.NUL_CHARACTER,
        what + " " + NUL + " (line " + line + ", column " + column + ")",
        List.of(new Problem.Issue(NUL, null, line, column)));
  }

  private interface IntToCharFunction {
    char apply(int index);
  }

  private static ProblemException refused(String pointer) {
    return new ProblemException(
        ProblemType.NUL_CHARACTER,
        "field '" + pointer + "' " + NUL,
        List.of(Problem.Issue.at(pointer, NUL)));
  }

  @Nullable
  private static String firstNul(@Nullable Object value, String pointer, int depth) {
    if (value == null || depth > MAX_DEPTH) {
      return null;
    }
    if (value instanceof CharSequence s) {
      return s.toString().indexOf('\0') >= 0 ? pointer : null;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        String child = pointer + "/" + escape(key);
        if (key.indexOf('\0') >= 0) {
          return child.replace('\0', '?');
        }
        String found = firstNul(e.getValue(), child, depth + 1);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        String found = firstNul(item, pointer + "/" + i++, depth + 1);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (value instanceof Record record) {
      for (RecordComponent c : record.getClass().getRecordComponents()) {
        String found = firstNul(component(record, c), pointer + "/" + jsonName(c), depth + 1);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  @Nullable
  private static Object component(Record record, RecordComponent c) {
    try {
      var accessor = c.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static String jsonName(RecordComponent c) {
    JsonProperty p = c.getAnnotation(JsonProperty.class);
    if (p == null) {
      p = c.getAccessor().getAnnotation(JsonProperty.class);
    }
    return p != null && !p.value().isEmpty() ? p.value() : c.getName();
  }

  /** RFC 6901: '~' and '/' inside a reference token. */
  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
