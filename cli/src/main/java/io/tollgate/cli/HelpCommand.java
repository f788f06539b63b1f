package io.tollgate.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tollgate help [COMMAND...]}: the help of any command, nested ones too ({@code help
 * test-run upload}), where picocli's own help command stops at the first level.
 */
@Command(
    name = "help",
    helpCommand = true,
    description = "Show the help of a command, e.g. 'tollgate help test-run upload'.")
final class HelpCommand implements java.util.concurrent.Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "COMMAND",
      arity = "0..*",
      description = "The command, e.g. test-run upload")
  List<String> path;

  @Override
  public Integer call() {
    CommandLine target = spec.commandLine().getParent();
    for (String word : path == null ? List.<String>of() : path) {
      CommandLine next = target.getSubcommands().get(word);
      if (next == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "unknown command '"
                + word
                + "' for '"
                + target.getCommandSpec().qualifiedName()
                + "'; commands: "
                + String.join(", ", target.getSubcommands().keySet()));
      }
      target = next;
    }
    target.usage(spec.commandLine().getOut());
    return 0;
  }
}
