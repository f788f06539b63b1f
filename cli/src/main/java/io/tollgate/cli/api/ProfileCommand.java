package io.tollgate.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tollgate profile SERVICE}: how production uses a service, per operation. */
@Command(
    name = "profile",
    description =
        "Show the production traffic profile of a service: per operation its share, requests per"
            + " minute (median, p95, peak), error ratio and latency, and the daily shape.")
public final class ProfileCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Mixin ProfileOptions profile;

  @Mixin io.tollgate.cli.HelpOption help;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "SERVICE", description = "The service (service.name)")
  String service;

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    PrintWriter out = cl.getOut();
    try {
      JsonNode p =
          new Api(server)
              .get(profile.path(service, "traffic-profile"), Duration.ofSeconds(60))
              .body();
      if (server.json) {
        out.println(p.toPrettyString());
      } else {
        print(p, out);
      }
      return 0;
    } catch (Api.Failure e) {
      cl.getErr().println("error: " + e.getMessage());
      return ProfileOptions.exitCode(e);
    }
  }

  static void print(JsonNode p, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%s in %s, %s .. %s: %d requests over %d minutes%n%n",
        p.path("service").asText(),
        p.path("environment").asText(),
        p.path("from").asText(),
        p.path("to").asText(),
        p.path("requests").asLong(),
        p.path("minutes").asLong());
    out.printf(
        Locale.ROOT,
        "%-40s %7s %8s %8s %8s %8s %9s %9s %9s%n",
        "OPERATION",
        "SHARE",
        "MED/MIN",
        "P95/MIN",
        "PEAK/MIN",
        "ERRORS",
        "P50 MS",
        "P95 MS",
        "P99 MS");
    for (JsonNode op : p.path("operations")) {
      JsonNode rate = op.path("ratePerMinute");
      JsonNode lat = op.path("latencyMs");
      out.printf(
          Locale.ROOT,
          "%-40s %6.2f%% %8.1f %8.1f %8.1f %7.3f%% %9.1f %9.1f %9.1f%n",
          op.path("operation").asText(),
          op.path("share").asDouble() * 100,
          rate.path("median").asDouble(),
          rate.path("p95").asDouble(),
          rate.path("peak").asDouble(),
          op.path("errorRatio").asDouble() * 100,
          lat.path("p50").asDouble(Double.NaN),
          lat.path("p95").asDouble(Double.NaN),
          lat.path("p99").asDouble(Double.NaN));
    }
    out.println();
    out.println("Daily shape (mean requests per UTC hour):");
    double max = 0;
    for (JsonNode h : p.path("dailyShape")) {
      max = Math.max(max, h.path("requests").asDouble());
    }
    for (JsonNode h : p.path("dailyShape")) {
      double v = h.path("requests").asDouble();
      int bar = max == 0 ? 0 : (int) Math.round(v / max * 40);
      out.printf(Locale.ROOT, "  %02d:00 %10.1f %s%n", h.path("hour").asInt(), v, "#".repeat(bar));
    }
  }
}
