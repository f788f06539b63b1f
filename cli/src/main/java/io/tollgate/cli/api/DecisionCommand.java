package io.tollgate.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tollgate decision}: may I promote? The latest decision, as an exit code. */
@Command(
    name = "decision",
    description = "Show the latest decision of a gate (or one evaluation) and exit with it.")
public final class DecisionCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Mixin io.tollgate.cli.HelpOption help;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--gate", description = "Gate name (with --service/--version/--commit)")
  String gate;

  @Option(names = "--service", description = "Service")
  String service;

  @Option(names = "--version", description = "Service version")
  String version;

  @Option(names = "--commit", description = "Commit")
  String commit;

  @Option(names = "--evaluation", description = "An evaluation id instead of the latest")
  Long evaluation;

  @Option(names = "--strict", description = "Exit 1 on WARN")
  boolean strict;

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    if ((gate == null) == (evaluation == null)) {
      throw new CommandLine.ParameterException(cl, "give --gate or --evaluation");
    }
    PrintWriter out = cl.getOut();
    try {
      Api api = new Api(server);
      String path =
          evaluation != null
              ? "/api/v1/evaluations/" + evaluation + "?view=full"
              : "/api/v1/decisions/latest?view=full&gate="
                  + enc(gate)
                  + (service == null ? "" : "&service=" + enc(service))
                  + (version == null ? "" : "&version=" + enc(version))
                  + (commit == null ? "" : "&commit=" + enc(commit));
      JsonNode full = api.get(path, Duration.ofSeconds(30)).body();
      if (server.json) {
        out.println(full.toPrettyString());
      } else {
        Decisions.print(full, out);
      }
      return Decisions.exitCode(full.path("summary").path("decision").asText("PENDING"), strict);
    } catch (Api.Failure e) {
      if (e.status() == 404 && evaluation != null) {
        cl.getErr().println("error: no evaluation " + evaluation + ": " + e.getMessage());
        return Decisions.ERROR;
      }
      cl.getErr().println((e.status() == 404 ? "no decision: " : "error: ") + e.getMessage());
      return e.status() == 404 ? Decisions.INCONCLUSIVE : Decisions.ERROR;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
