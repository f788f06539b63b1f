package io.tollgate.cli.rules;

import io.tollgate.rules.check.IssuePrinter;
import io.tollgate.rules.eval.ResultPrinter;
import io.tollgate.rules.ruletest.CaseResult;
import io.tollgate.rules.ruletest.GoldenCase;
import io.tollgate.rules.ruletest.RuleTestReport;
import io.tollgate.rules.ruletest.RuleTestRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tollgate rules test FILE...}: runs rule-test files; exit 1 on any failure. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = "Run rule tests: observations in, expected outcomes checked.")
final class TestCommand implements Callable<Integer> {
  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description =
          "Rule-test YAML files, or golden case directories (gate.yaml, observations.json,"
              + " expected.txt).")
  List<Path> files;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print the full result of every case.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private static CaseResult golden(Path dir) {
    String name = dir.getFileName().toString();
    Optional<String> gate = Files2.read(dir.resolve("gate.yaml"));
    Optional<String> obs = Files2.read(dir.resolve("observations.json"));
    Optional<String> expected = Files2.read(dir.resolve("expected.txt"));
    if (gate.isEmpty() || obs.isEmpty() || expected.isEmpty()) {
      return new CaseResult(
          name,
          List.of("a golden case directory needs gate.yaml, observations.json and expected.txt"),
          Optional.empty());
    }
    return GoldenCase.run(name, gate.get(), obs.get(), expected.get());
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int failed = 0;
    int passed = 0;
    for (Path file : files) {
      if (java.nio.file.Files.isDirectory(file)) {
        CaseResult c = golden(file);
        out.println((c.passed() ? "PASS " : "FAIL ") + file + ": golden case " + c.name());
        c.failures().forEach(f -> out.println("  " + f));
        if (c.passed()) {
          passed++;
        } else {
          failed++;
        }
        continue;
      }
      Optional<String> text = Files2.read(file);
      if (text.isEmpty()) {
        out.println(file + ": error: cannot read file: " + Files2.problem(file));
        failed++;
        continue;
      }
      Path dir = file.toAbsolutePath().getParent();
      RuleTestReport report =
          RuleTestRunner.run(file.toString(), text.get(), p -> Files2.read(dir.resolve(p)));
      if (!report.issues().isEmpty()) {
        out.print(IssuePrinter.format(report.issues(), report.issueText()));
      }
      for (CaseResult c : report.cases()) {
        out.println((c.passed() ? "PASS " : "FAIL ") + file + ": " + c.name());
        for (String f : c.failures()) {
          out.println("  " + f);
        }
        if (verbose || !c.passed()) {
          c.result().ifPresent(r -> out.print(ResultPrinter.format(r).indent(4)));
        }
      }
      if (report.passed()) {
        passed += report.cases().size();
      } else {
        failed += Math.max(1, (int) report.cases().stream().filter(c -> !c.passed()).count());
        passed += (int) report.cases().stream().filter(CaseResult::passed).count();
      }
    }
    out.println(passed + " passed, " + failed + " failed");
    return failed > 0 ? 1 : 0;
  }
}
