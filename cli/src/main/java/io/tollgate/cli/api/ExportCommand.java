package io.tollgate.cli.api;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tollgate export k6}: tests generated from production traffic. */
@Command(
    name = "export",
    description = "Generate tests from production traffic.",
    subcommands = {ExportCommand.K6.class})
public final class ExportCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin io.tollgate.cli.HelpOption help;

  @Override
  public void run() {
    throw new io.tollgate.cli.Main.MissingSubcommand(spec.commandLine());
  }

  /** {@code tollgate export k6 --service S > load.js}. */
  @Command(
      name = "k6",
      description =
          "Print a k6 script with one constant-arrival-rate scenario per operation at its"
              + " production peak minute x headroom, and thresholds from the gate's k6 SLIs (else"
              + " from production quantiles). Run it with -e BASE_URL=... -e TEST_RUN_ID=...")
  static final class K6 implements Callable<Integer> {
    @Mixin ServerOptions server;

    @Mixin ProfileOptions profile;

    @Mixin io.tollgate.cli.HelpOption help;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--service", required = true, description = "The service (service.name)")
    String service;

    @Option(names = "--gate", description = "Take thresholds from this gate's k6 SLIs")
    String gate;

    @Option(
        names = "--headroom",
        defaultValue = "1.5",
        description =
            "Load as a multiple of the production peak, 0.1 to 100 (default: ${DEFAULT-VALUE})")
    String headroom;

    @Option(
        names = "--duration",
        defaultValue = "10m",
        description = "Duration of each scenario, 1m to 24h (default: ${DEFAULT-VALUE})")
    String duration;

    @Override
    public Integer call() throws Exception {
      CommandLine cl = spec.commandLine();
      try {
        String path =
            profile.path(service, "k6-script")
                + "&headroom="
                + ProfileOptions.enc(headroom)
                + "&duration="
                + ProfileOptions.enc(duration)
                + (gate == null ? "" : "&gate=" + ProfileOptions.enc(gate));
        cl.getOut().print(new Api(server).getText(path, "text/javascript"));
        cl.getOut().flush();
        return 0;
      } catch (Api.Failure e) {
        cl.getErr().println("error: " + e.getMessage());
        return ProfileOptions.exitCode(e);
      }
    }
  }
}
