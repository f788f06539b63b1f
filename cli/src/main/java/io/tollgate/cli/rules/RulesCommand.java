package io.tollgate.cli.rules;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tollgate rules}: check, test and import gate rules offline. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Check, test and import gate rules offline.",
    subcommands = {LintCommand.class, TestCommand.class, ImportCommand.class})
public final class RulesCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new io.tollgate.cli.Main.MissingSubcommand(spec.commandLine());
  }
}
