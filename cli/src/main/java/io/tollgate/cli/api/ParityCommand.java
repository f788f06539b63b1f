package io.tollgate.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tollgate parity SERVICE --from staging --to production}: how a service's running system
 * differs between two environments. Exits 0 when nothing differs, 1 when something does (as {@code
 * diff} does), 64 on bad parameters, 3 when the server cannot answer.
 */
@Command(
    name = "parity",
    description =
        "Compare what the telemetry of a service says about its running system in two"
            + " environments: version, runtime, SDK, OS, container image, dependencies and their"
            + " versions, feature-flag variants. Exits 1 when they differ.")
public final class ParityCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Mixin io.tollgate.cli.HelpOption help;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "SERVICE", description = "The service (service.name)")
  String service;

  @Option(names = "--from", defaultValue = "staging", description = "Default: ${DEFAULT-VALUE}")
  String from;

  @Option(names = "--to", defaultValue = "production", description = "Default: ${DEFAULT-VALUE}")
  String to;

  @Option(
      names = "--window",
      defaultValue = "1d",
      description = "Facts seen within this window, 1h to 14d (default: ${DEFAULT-VALUE})")
  String window;

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    PrintWriter out = cl.getOut();
    String path =
        "/api/v1/parity?service="
            + ProfileOptions.enc(service)
            + "&from="
            + ProfileOptions.enc(from)
            + "&to="
            + ProfileOptions.enc(to)
            + "&window="
            + ProfileOptions.enc(window);
    try {
      JsonNode r = new Api(server).get(path, Duration.ofSeconds(60)).body();
      if (server.json) {
        out.println(r.toPrettyString());
      } else {
        print(r, out);
      }
      return r.path("differences").isEmpty() ? 0 : 1;
    } catch (Api.Failure e) {
      cl.getErr().println("error: " + e.getMessage());
      return ProfileOptions.exitCode(e);
    }
  }

  static void print(JsonNode r, PrintWriter out) {
    String from = r.path("from").asText();
    String to = r.path("to").asText();
    out.printf(
        Locale.ROOT,
        "%s: %d differences between %s and %s, %s .. %s%n%n",
        r.path("service").asText(),
        r.path("differences").size(),
        from,
        to,
        r.path("windowStart").asText(),
        r.path("windowEnd").asText());
    out.printf(
        Locale.ROOT,
        "  %-44s %-24s %-24s%n",
        "FACT",
        from.toUpperCase(Locale.ROOT),
        to.toUpperCase(Locale.ROOT));
    for (JsonNode f : r.path("facts")) {
      out.printf(
          Locale.ROOT,
          "%s %-44s %-24s %-24s%n",
          f.path("differs").asBoolean() ? "!" : " ",
          f.path("fact").asText(),
          f.path("fromValue").asText("-"),
          f.path("toValue").asText("-"));
    }
  }
}
