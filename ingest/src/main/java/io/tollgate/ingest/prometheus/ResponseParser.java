package io.tollgate.ingest.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.ingest.prometheus.PrometheusQueryException.Kind;
import io.tollgate.ingest.prometheus.QueryResult.Sample;
import io.tollgate.ingest.prometheus.QueryResult.Series;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the Prometheus HTTP API's JSON into a {@link QueryResult}. */
final class ResponseParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResponseParser() {}

  static QueryResult parse(String query, String body) throws PrometheusQueryException {
    JsonNode root = tree(body, 200);
    if (!"success".equals(root.path("status").asText())) {
      throw new PrometheusQueryException(
          Kind.PROTOCOL, 200, "status " + root.path("status").asText() + ": " + body, null);
    }
    JsonNode data = root.path("data");
    String type = data.path("resultType").asText();
    JsonNode result = data.path("result");
    List<Series> series = new ArrayList<>();
    int[] counts = new int[3]; // total samples, NaN, infinite
    switch (type) {
      case "matrix" -> {
        for (JsonNode s : result) {
          List<Sample> samples = new ArrayList<>();
          for (JsonNode v : s.path("values")) {
            sample(v, samples, counts);
          }
          add(series, labels(s.path("metric")), samples);
        }
      }
      case "vector" -> {
        for (JsonNode s : result) {
          List<Sample> samples = new ArrayList<>();
          sample(s.path("value"), samples, counts);
          add(series, labels(s.path("metric")), samples);
        }
      }
      case "scalar" -> {
        List<Sample> samples = new ArrayList<>();
        sample(result, samples, counts);
        add(series, Map.of(), samples);
      }
      default ->
          throw new PrometheusQueryException(
              Kind.PROTOCOL, 200, "unsupported result type '" + type + "'", null);
    }
    int nonFinite = counts[1] + counts[2];
    if (series.isEmpty()) {
      QueryResult.Reason reason =
          counts[0] == 0
              ? QueryResult.Reason.EMPTY
              : counts[2] > 0 ? QueryResult.Reason.INFINITE : QueryResult.Reason.NOT_A_NUMBER;
      return new QueryResult.NoData(reason, query);
    }
    return new QueryResult.Data(series, nonFinite);
  }

  /** The message of an error response: {@code errorType: error}, or the raw body. */
  static String error(int status, String body) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root != null && root.has("error")) {
        return status + " " + root.path("errorType").asText() + ": " + root.path("error").asText();
      }
    } catch (IOException e) {
      // not JSON: a proxy's page, say
    }
    String text = body == null ? "" : body.strip();
    return status + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length())));
  }

  private static JsonNode tree(String body, int status) throws PrometheusQueryException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new PrometheusQueryException(Kind.PROTOCOL, status, "response is not JSON", e);
    }
  }

  private static void add(List<Series> out, Map<String, String> labels, List<Sample> samples) {
    if (!samples.isEmpty()) {
      out.add(new Series(labels, samples));
    }
  }

  private static void sample(JsonNode pair, List<Sample> out, int[] counts)
      throws PrometheusQueryException {
    if (!pair.isArray() || pair.size() != 2) {
      throw new PrometheusQueryException(Kind.PROTOCOL, 200, "malformed sample " + pair, null);
    }
    counts[0]++;
    double v = parseValue(pair.get(1).asText());
    if (Double.isNaN(v)) {
      counts[1]++;
      return;
    }
    if (Double.isInfinite(v)) {
      counts[2]++;
      return;
    }
    BigDecimal seconds = pair.get(0).decimalValue();
    Instant t = Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
    out.add(new Sample(t, v));
  }

  static double parseValue(String s) {
    return switch (s) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  private static Map<String, String> labels(JsonNode metric) {
    Map<String, String> labels = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : metric.properties()) {
      labels.put(e.getKey(), e.getValue().asText());
    }
    return labels;
  }
}
