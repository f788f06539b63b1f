package io.tollgate.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} alone, for commands whose own {@code --version} option (a service version)
 * leaves no room for picocli's standard {@code -V, --version}.
 */
public final class HelpOption {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;
}
