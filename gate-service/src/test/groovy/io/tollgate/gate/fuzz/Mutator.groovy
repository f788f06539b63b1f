package io.tollgate.gate.fuzz

import groovy.json.JsonOutput
import groovy.json.JsonSlurper

/**
 * Mutates a valid request into a hostile one, deterministically from a seeded {@link Random}:
 * values swapped for over-long, NUL-bearing, overflowing or mistyped ones, members dropped or
 * added, elements nulled, bodies truncated or scrambled. JSON bodies are mutated as trees, YAML and
 * other text line by line, forms field by field.
 */
final class Mutator {
  static final List<String> STRINGS = [
    "", " ", "\u0000", "a\u0000b", "x" * 201, "x" * 1001, "x" * 5000, "y" * 70_000,
    "PT9223372036854775807S", "P106751991167301D", "-PT1S", "PT0S", "0s", "9999999999999d",
    "99999999999h", "-5m", "1e309", "NaN", "-1", "0",
    "2030-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z",
    "../../etc/passwd", "' OR '1'='1", "%00", '${jndi:ldap://127.0.0.1/x}', "<script>alert(1)</script>",
    "\uD800", "é😀\u202E", "a\nb", "\r\n", "\\", "\"", "{{x}}", '$variable', '(a+)+$', '^(.*)*\\1X',
    '(a|aa)*b', "[", "*", "\\Q", "production", "admin", "PASS", "https://x.example/" + "p" * 3000,
  ].asImmutable()

  static final List<Object> VALUES = [
    0, -1, 1, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, new BigInteger("9223372036854775808"),
    1e308d, -1e308d, 1.5d, true, false, null, [], [:], [null], [null, null], ["x"], [[[[]]]], [k: null],
  ].asImmutable()

  private final Random random

  Mutator(long seed) { this.random = new Random(seed) }

  String nastyString() { STRINGS[random.nextInt(STRINGS.size())] }

  Object nastyValue() {
    random.nextInt(3) == 0 ? copy(VALUES[random.nextInt(VALUES.size())]) : nastyString()
  }

  /** A fresh copy, so later edits never turn a shared value into a cycle. */
  private static Object copy(Object v) {
    if (v instanceof List) {
      return v.collect { copy(it) }
    }
    if (v instanceof Map) {
      return v.collectEntries { k, x -> [(k): copy(x)] }
    }
    v
  }

  int nextInt(int bound) { random.nextInt(bound) }

  /** A mutated JSON body; a quarter of them are mutated as bytes rather than as a tree. */
  String json(String seed) {
    if (random.nextInt(4) == 0) {
      return bytes(random.nextBoolean() ? seed : tree(seed))
    }
    tree(seed)
  }

  private String tree(String seed) {
    Object root = new JsonSlurper().parseText(seed)
    int edits = 1 + random.nextInt(3)
    edits.times { root = mutateTree(root) }
    JsonOutput.toJson(root)
  }

  private Object mutateTree(Object root) {
    List<List<Object>> slots = []
    collect(root, slots)
    if (slots.isEmpty() || random.nextInt(20) == 0) {
      return nastyValue()
    }
    def (container, key) = slots[random.nextInt(slots.size())]
    switch (random.nextInt(6)) {
      case 0:
        if (container instanceof Map) container.remove(key) else container.set(key as int, null)
        break
      case 1:
        if (container instanceof Map) container.put(nastyString().take(40), nastyValue())
        else container.add(nastyValue())
        break
      case 2:
        put(container, key, [copy(get(container, key)), null])
        break
      default:
        put(container, key, nastyValue())
    }
    root
  }

  private static void collect(Object node, List<List<Object>> slots) {
    if (node instanceof Map) {
      new ArrayList(node.keySet()).each { k -> slots << [node, k]; collect(node[k], slots) }
    } else if (node instanceof List) {
      node.eachWithIndex { v, i -> slots << [node, i]; collect(v, slots) }
    }
  }

  private static Object get(Object c, Object k) { c instanceof Map ? c[k] : c[k as int] }

  private static void put(Object c, Object k, Object v) {
    if (c instanceof Map) c[k] = v else c.set(k as int, v)
  }

  /** Byte-level damage: truncation, splices of hostile text, deep nesting, junk. */
  String bytes(String text) {
    switch (random.nextInt(7)) {
      case 0: return text.take(random.nextInt(text.length() + 1))
      case 1:
        int at = random.nextInt(text.length() + 1)
        return text.substring(0, at) + nastyString() + text.substring(at)
      case 2: return "[" * (500 + random.nextInt(5000))
      case 3: return ["null", "[]", "{}", "\"x\"", "", "0", "1e999999", "{\"a\":1,\"a\":2}"][random.nextInt(8)]
      case 4:
        char[] chars = text.toCharArray()
        if (chars.length > 0) chars[random.nextInt(chars.length)] = (char) random.nextInt(0x3000)
        return new String(chars)
      case 5: return text * (2 + random.nextInt(3))
      default:
        def b = new StringBuilder()
        (random.nextInt(200)).times { b.append((char) random.nextInt(0x80)) }
        return b.toString()
    }
  }

  /** A mutated YAML (or other line-oriented text) body. */
  String text(String seed) {
    if (random.nextInt(3) == 0) {
      return bytes(seed)
    }
    List<String> lines = seed.readLines()
    int edits = 1 + random.nextInt(3)
    edits.times {
      int i = random.nextInt(lines.size())
      String line = lines[i]
      int colon = line.indexOf(": ")
      switch (random.nextInt(5)) {
        case 0: lines.remove(i); break
        case 1: lines.add(i, line); break
        case 2: lines[i] = " " * random.nextInt(9) + line.trim(); break
        default:
          if (colon > 0) {
            lines[i] = line.substring(0, colon + 2) + yamlScalar(nastyString())
          } else {
            lines[i] = line + nastyString()
          }
      }
      if (lines.isEmpty()) lines << ""
    }
    lines.join("\n")
  }

  private String yamlScalar(String s) {
    random.nextBoolean() ? JsonOutput.toJson(s) : s.replace("\u0000", "\\0")
  }

  /** A mutated form body: one field's value replaced or removed, or a new field. */
  String form(Map<String, String> fields) {
    Map<String, String> f = new LinkedHashMap<>(fields)
    List<String> names = new ArrayList<>(f.keySet())
    switch (random.nextInt(4)) {
      case 0: if (names) f.remove(names[random.nextInt(names.size())]); break
      case 1: f.put(nastyString().take(20), nastyString()); break
      default: if (names) f.put(names[random.nextInt(names.size())], nastyString())
    }
    f.collect { k, v -> enc(k) + "=" + enc(v) }.join("&")
  }

  /** A query string with one value replaced by a hostile one (or left as it is). */
  String query(Map<String, String> params) {
    Map<String, String> p = new LinkedHashMap<>(params)
    if (p && random.nextInt(3) == 0) {
      List<String> names = new ArrayList<>(p.keySet())
      p.put(names[random.nextInt(names.size())], nastyString().take(random.nextBoolean() ? 300 : 5000))
    }
    p.collect { k, v -> enc(k) + "=" + enc(v) }.join("&")
  }

  /** A path segment: usually the valid one, sometimes a hostile one. */
  String segment(String valid) {
    if (random.nextInt(8) != 0) {
      return valid
    }
    enc(["-1", "0", "99999999999999999999", "\u0000", "abc", "x" * 300, "%", "..", "é"][random.nextInt(9)])
  }

  static String enc(String s) { URLEncoder.encode(s, "UTF-8").replace("+", "%20") }
}
