package io.tollgate.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tollgate test-run upload FILE...}: one run from one or many result files. */
@Command(
    name = "test-run",
    mixinStandardHelpOptions = true,
    description = "Test runs.",
    subcommands = {TestRunCommand.Upload.class})
public final class TestRunCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new io.tollgate.cli.Main.MissingSubcommand(spec.commandLine());
  }

  /** Uploads JUnit XML, k6 summaries or JMeter CSV files as one run. */
  @Command(
      name = "upload",
      description = "Upload JUnit XML, k6 summary JSON or JMeter CSV files as one test run.")
  public static final class Upload implements Callable<Integer> {
    @Mixin ServerOptions server;

    @Mixin io.tollgate.cli.HelpOption help;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Result files")
    List<Path> files;

    @Option(names = "--service", required = true, description = "Service under test")
    String service;

    @Option(names = "--version", description = "Version under test")
    String version;

    @Option(names = "--suite", description = "Suite name (history compares runs of a suite)")
    String suite;

    @Option(names = "--environment", description = "Environment")
    String environment;

    @Option(names = "--pipeline", description = "Pipeline")
    String pipeline;

    @Option(names = "--commit", description = "Commit")
    String commit;

    @Option(names = "--build-url", description = "Build URL")
    String buildUrl;

    @Option(names = "--format", description = "junit, k6 or jmeter (default: sniffed)")
    String format;

    @Override
    public Integer call() throws Exception {
      CommandLine cl = spec.commandLine();
      for (Path f : files) {
        String problem =
            !Files.exists(f)
                ? "no such file"
                : Files.isDirectory(f)
                    ? "it is a directory"
                    : !Files.isReadable(f) ? "permission denied" : null;
        if (problem != null) {
          throw new CommandLine.ParameterException(cl, "cannot read " + f + ": " + problem);
        }
      }
      PrintWriter out = cl.getOut();
      try {
        Api api = new Api(server);
        String query =
            "service="
                + enc(service)
                + param("version", version)
                + param("suite", suite)
                + param("environment", environment)
                + param("pipeline", pipeline)
                + param("commit", commit)
                + param("buildUrl", buildUrl)
                + param("format", format);
        JsonNode run = null;
        for (Path f : files) {
          byte[] bytes;
          try {
            bytes = Files.readAllBytes(f);
          } catch (java.io.IOException e) {
            cl.getErr().println("error: cannot read " + f + ": " + e.getMessage());
            return Decisions.ERROR;
          }
          try {
            run =
                run == null
                    ? api.postBytes("/api/v1/test-runs?" + query, bytes, "application/octet-stream")
                        .body()
                    : api.postBytes(
                            "/api/v1/test-runs/"
                                + run.path("run").path("id").asLong()
                                + "/files"
                                + (format == null ? "" : "?format=" + enc(format)),
                            bytes,
                            "application/octet-stream")
                        .body();
          } catch (Api.Failure e) {
            cl.getErr().println("error: " + f + ": " + e.getMessage());
            return Decisions.ERROR;
          }
        }
        if (server.json) {
          out.println(run.toPrettyString());
        } else {
          JsonNode r = run.path("run");
          JsonNode t = r.path("totals");
          out.printf(
              "test run %s: %d files, %d cases: %d passed, %d failed, %d errors, %d skipped,"
                  + " %d flaky%n",
              r.path("id").asText(),
              r.path("files").asInt(),
              t.path("total").asInt(),
              t.path("passed").asInt(),
              t.path("failed").asInt(),
              t.path("errored").asInt(),
              t.path("skipped").asInt(),
              t.path("flaky").asInt());
        }
        return 0;
      } catch (java.io.IOException e) {
        cl.getErr().println("error: cannot read the token file: " + e.getMessage());
        return Decisions.ERROR;
      }
    }

    private static String param(String name, String value) {
      return value == null ? "" : "&" + name + "=" + enc(value);
    }

    private static String enc(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }
}
