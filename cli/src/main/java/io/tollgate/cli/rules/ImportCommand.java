package io.tollgate.cli.rules;

import io.tollgate.rules.check.IssuePrinter;
import io.tollgate.rules.check.RuleIssue;
import io.tollgate.rules.importer.ImportResult;
import io.tollgate.rules.importer.KeptnImporter;
import io.tollgate.rules.importer.OpenSloImporter;
import io.tollgate.rules.write.GateWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tollgate rules import --from openslo|keptn FILE}: prints the gate YAML on stdout, with
 * what could not be mapped as comments on top and as positioned issues on stderr. Exit 1 when
 * anything was left out.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Convert an OpenSLO v1 or Keptn slo.yaml file into a gate.")
final class ImportCommand implements Callable<Integer> {
  enum Format {
    openslo,
    keptn
  }

  @Option(
      names = "--from",
      required = true,
      description = "Source format: ${COMPLETION-CANDIDATES}.")
  Format from;

  @Option(
      names = "--sli",
      paramLabel = "SLI_FILE",
      description = "Keptn sli.yaml with the Prometheus queries.")
  Path sli;

  @Parameters(paramLabel = "FILE", description = "The file to convert.")
  Path file;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> text = Files2.read(file);
    if (text.isEmpty()) {
      err.println(file + ": error: cannot read file: " + Files2.problem(file));
      return 1;
    }
    Optional<String> sliText = Optional.empty();
    if (sli != null) {
      sliText = Files2.read(sli);
      if (sliText.isEmpty()) {
        err.println(sli + ": error: cannot read file: " + Files2.problem(sli));
        return 1;
      }
    }
    ImportResult r =
        from == Format.openslo
            ? OpenSloImporter.convert(file.toString(), text.get())
            : KeptnImporter.convert(file.toString(), text.get(), sliText);
    Optional<String> sliSource = sliText;
    err.print(
        IssuePrinter.format(
            r.issues(),
            source ->
                source.equals(KeptnImporter.SLI_SOURCE) ? sliSource.orElse(null) : text.get()));
    r.gate()
        .ifPresent(
            g -> {
              if (!r.issues().isEmpty()) {
                out.println("# Imported from " + file + " with notes:");
                for (RuleIssue i : r.issues()) {
                  out.println("#   " + i);
                }
              }
              out.print(GateWriter.write(g));
            });
    return r.ok() && !r.hasErrors() ? 0 : 1;
  }
}
