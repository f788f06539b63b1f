package io.tollgate.cli.rules;

import io.tollgate.rules.check.IssuePrinter;
import io.tollgate.rules.check.RuleIssue;
import io.tollgate.rules.check.Severity;
import io.tollgate.rules.parse.GateParser;
import io.tollgate.rules.parse.ParseResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tollgate rules lint FILE...}: prints positioned issues; exit 1 on any error. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = "Check gate files; print every issue as FILE:LINE:COL with the source line.")
final class LintCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Gate YAML files.")
  List<Path> files;

  @Option(names = "--strict", description = "Fail on warnings too.")
  boolean strict;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int errors = 0;
    int warnings = 0;
    for (Path file : files) {
      String name = file.toString();
      Optional<String> text = Files2.read(file);
      if (text.isEmpty()) {
        out.println(name + ": error: cannot read file: " + Files2.problem(file));
        errors++;
        continue;
      }
      ParseResult r = GateParser.parse(name, text.get());
      List<RuleIssue> issues = r.issues();
      out.print(IssuePrinter.format(issues, text.get()));
      long e = issues.stream().filter(i -> i.severity() == Severity.ERROR).count();
      errors += (int) e;
      warnings += issues.size() - (int) e;
      if (issues.isEmpty()) {
        out.println(name + ": ok");
      }
    }
    if (errors + warnings > 0) {
      out.println(errors + " error(s), " + warnings + " warning(s)");
    }
    return errors > 0 || (strict && warnings > 0) ? 1 : 0;
  }
}
