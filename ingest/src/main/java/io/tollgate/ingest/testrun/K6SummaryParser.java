package io.tollgate.ingest.testrun;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a k6 end-of-test summary in both shapes k6 writes: {@code --summary-export} (metric stats
 * flat on the metric, thresholds as {@code "expr": true} where true means <em>failed</em>, groups
 * and checks as objects) and {@code handleSummary} JSON (stats under {@code values}, thresholds as
 * {@code "expr": {"ok": bool}}, groups and checks as arrays).
 */
final class K6SummaryParser {
  private final Limits limits;
  private final ObjectMapper mapper;

  K6SummaryParser(Limits limits) {
    this.limits = limits;
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxDepth())
                    .maxStringLength(1_000_000)
                    .build())
            .build();
    this.mapper = JsonMapper.builder(factory).build();
  }

  TestRun parse(InputStream in) throws TestRunParseException, IOException {
    JsonNode root;
    try (JsonParser parser = mapper.createParser(new BoundedInputStream(in, limits.maxBytes()))) {
      try {
        root = mapper.readTree(parser);
      } catch (JsonProcessingException e) {
        // constraint violations (nesting depth) carry no location: the parser knows where it is
        JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        throw new TestRunParseException(
            "not valid JSON: " + jsonReason(e),
            at == null ? 0 : at.getLineNr(),
            at == null ? 0 : at.getColumnNr());
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new TestRunParseException(
          "not valid JSON: " + jsonReason(e),
          at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr());
    }
    if (root == null || !root.isObject() || !root.path("metrics").isObject()) {
      throw new TestRunParseException(
          "not a k6 summary: expected an object with a \"metrics\" object", 1, 1);
    }
    Map<String, LoadMetric> metrics = new LinkedHashMap<>();
    List<TestRun.Threshold> thresholds = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("metrics").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      metrics.put(e.getKey(), metric(e.getKey(), e.getValue()));
      thresholds(e.getKey(), e.getValue().path("thresholds"), thresholds);
    }
    List<TestCase> cases = new ArrayList<>();
    group(root.path("root_group"), cases);
    List<TestRun.Failure> failures = new ArrayList<>();
    for (TestCase c : cases) {
      if (c.fails() > 0) {
        failures.add(new TestRun.Failure(c.suite(), c.name(), "check", "check failed", c.fails()));
      }
    }
    for (TestRun.Threshold t : thresholds) {
      if (t.failed()) {
        failures.add(new TestRun.Failure("thresholds", t.metric(), "threshold", t.expression(), 1));
      }
    }
    double durationMs = root.path("state").path("testRunDurationMs").asDouble(Double.NaN);
    return new TestRun(
        TestRunFormat.K6_SUMMARY, cases, metrics, thresholds, failures, durationMs / 1000.0);
  }

  private static LoadMetric metric(String name, JsonNode node) {
    // handleSummary nests stats under "values" and names the type; summary-export does neither.
    JsonNode values = node.has("values") ? node.path("values") : node;
    Map<String, Double> stats = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNumber()) {
        stats.put(e.getKey(), e.getValue().asDouble());
      }
    }
    String type = node.path("type").asText("");
    if (type.isEmpty()) {
      type =
          stats.containsKey("passes")
              ? "rate"
              : stats.containsKey("avg")
                  ? "trend"
                  : stats.containsKey("count") ? "counter" : "gauge";
    }
    if (type.equals("rate") && !stats.containsKey("rate") && stats.containsKey("value")) {
      stats.put("rate", stats.get("value"));
    }
    return new LoadMetric(name, type, stats);
  }

  private static void thresholds(String metric, JsonNode node, List<TestRun.Threshold> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      // summary-export: true means the threshold FAILED; handleSummary: {"ok": false} means failed.
      boolean failed = v.isObject() ? !v.path("ok").asBoolean(true) : v.asBoolean(false);
      out.add(new TestRun.Threshold(metric, e.getKey(), failed));
    }
  }

  private void group(JsonNode group, List<TestCase> cases) throws TestRunParseException {
    if (group.isMissingNode() || group.isNull()) {
      return;
    }
    String path = group.path("path").asText("");
    for (JsonNode check : children(group.path("checks"))) {
      if (cases.size() >= limits.maxCases()) {
        throw new TestRunParseException("more than " + limits.maxCases() + " checks", 0, 0);
      }
      long passes = check.path("passes").asLong(0);
      long fails = check.path("fails").asLong(0);
      cases.add(
          new TestCase(
              path,
              "",
              check.path("name").asText(""),
              fails > 0 ? TestCase.Status.FAILED : TestCase.Status.PASSED,
              0,
              fails > 0 ? "check" : "",
              fails > 0 ? fails + " of " + (passes + fails) + " failed" : "",
              "",
              0,
              passes,
              fails));
    }
    for (JsonNode child : children(group.path("groups"))) {
      group(child, cases);
    }
  }

  /** Arrays (handleSummary) and objects keyed by name (summary-export) alike. */
  private static List<JsonNode> children(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node.isArray() || node.isObject()) {
      node.elements().forEachRemaining(out::add);
    }
    return out;
  }

  /** Jackson's reason without its source-location suffix (the position is reported apart). */
  private static String jsonReason(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage());
    int marker = m.indexOf(" (start marker at ");
    return (marker < 0 ? m : m.substring(0, marker)).strip();
  }
}
