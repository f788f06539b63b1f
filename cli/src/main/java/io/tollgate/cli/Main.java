package io.tollgate.cli;

import io.tollgate.cli.api.DecisionCommand;
import io.tollgate.cli.api.EvaluateCommand;
import io.tollgate.cli.api.ExportCommand;
import io.tollgate.cli.api.ParityCommand;
import io.tollgate.cli.api.ProfileCommand;
import io.tollgate.cli.api.TestRunCommand;
import io.tollgate.cli.rules.RulesCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tollgate} command line. Each group is a subcommand ({@code rules} for offline rule
 * authoring; {@code evaluate}, {@code decision} and {@code test-run} for pipelines; {@code profile}
 * and {@code export k6} from production traffic); exit codes: 0 ok, 1 failures or issues, 2
 * inconclusive, 3 error (also: not found, unreachable), 4 decision still pending, 64 usage.
 */
@Command(
    name = "tollgate",
    mixinStandardHelpOptions = true,
    version = "tollgate 0.1.0",
    description = "Tollgate quality gates from the command line.",
    subcommands = {
      RulesCommand.class,
      EvaluateCommand.class,
      DecisionCommand.class,
      TestRunCommand.class,
      ProfileCommand.class,
      ParityCommand.class,
      ExportCommand.class,
      HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code for a usage error (sysexits EX_USAGE). */
  public static final int USAGE = 64;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line in-process, writing to {@code out} and {@code err}. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The configured command line, for embedding and tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println(ex.getMessage());
          if (ex instanceof MissingSubcommand) {
            c.usage(c.getErr());
            return USAGE;
          }
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
          c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
          return USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parsed) -> {
          c.getErr().println("error: " + ex);
          return 3;
        });
    return cl;
  }

  @Override
  public void run() {
    throw new MissingSubcommand(spec.commandLine());
  }

  /** A command group run without one of its commands: the group's usage lists them. */
  public static final class MissingSubcommand extends CommandLine.ParameterException {
    private static final long serialVersionUID = 1L;

    public MissingSubcommand(CommandLine group) {
      super(
          group,
          "missing command: "
              + String.join(
                  ", ",
                  group.getSubcommands().keySet().stream()
                      .filter(k -> !k.equals("help"))
                      .toList()));
    }
  }
}
