package io.tollgate.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code bench/judge-sim.sh --scenario FILE...}: runs each scenario and prints, per file, the
 * Kayenta-style and Argo-style judges' lines and then Tollgate's:
 *
 * <pre>
 * judge-sim scenario=NAME judge=kayenta runs=N fail_rate=R pass_rate=R detect_n50=N detect_n80=N
 * judge-sim scenario=NAME judge=argo-threshold runs=N ...
 * judge-sim scenario=NAME runs=N fail_rate=R pass_rate=R detect_n50=N detect_n80=N
 * </pre>
 *
 * <p>{@code --gate FILE} judges every scenario with another gate. Notes (SLIs left out, detail
 * figures, wall time) go to stderr. Threads: {@code -Djudge.sim.threads} (default 2); the figures
 * do not depend on it.
 */
public final class JudgeSim {
  private JudgeSim() {}

  public static void main(String[] args) {
    List<Path> files = new ArrayList<>();
    Path gate = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--scenario")) {
        continue;
      }
      if (args[i].equals("--gate") && i + 1 < args.length) {
        gate = Path.of(args[++i]).toAbsolutePath();
        continue;
      }
      files.add(Path.of(args[i]));
    }
    if (files.isEmpty()) {
      System.err.println("usage: judge-sim --scenario FILE...");
      System.exit(2);
    }
    int threads = Integer.getInteger("judge.sim.threads", 2);
    int status = 0;
    for (Path f : files) {
      try {
        Scenario s = ScenarioReader.read(f);
        for (String line : run(gate == null ? s : s.withGate(gate), threads, true)) {
          System.out.println(line);
        }
      } catch (ScenarioException e) {
        System.err.println("judge-sim: " + e.getMessage());
        status = 1;
      }
    }
    System.exit(status);
  }

  /** Runs one scenario file; returns its result lines, Tollgate's last. */
  static List<String> run(Path file, int threads, boolean notes) {
    return run(ScenarioReader.read(file), threads, notes);
  }

  /** Runs one scenario; returns its result lines, Tollgate's last. */
  static List<String> run(Scenario s, int threads, boolean notes) {
    SimGate gate = SimGate.load(s.gate(), s.sliCopies());
    if (notes && !gate.leftOut().isEmpty()) {
      System.err.println(
          "judge-sim: scenario "
              + s.name()
              + ": left out SLIs the simulator cannot feed: "
              + String.join("; ", gate.leftOut()));
    }
    Simulation.Result r = Simulation.run(s, gate, threads);
    if (notes) {
      for (Figures f : r.figures()) {
        System.err.println(f.detail(s.name()));
      }
      System.err.println(
          "judge-sim-detail scenario="
              + s.name()
              + " judge=tollgate looks="
              + r.tollgateLooks().entrySet().stream()
                  .map(e -> e.getKey() + ":" + e.getValue())
                  .collect(Collectors.joining(","))
              + " failed_by="
              + (r.failedBy().isEmpty()
                  ? "-"
                  : r.failedBy().entrySet().stream()
                      .map(e -> e.getKey() + ":" + e.getValue())
                      .collect(Collectors.joining(",")))
              + " simulated_slis="
              + gate.slis().size()
              + " wall_ms="
              + r.wallMillis());
    }
    return r.figures().stream().map(f -> f.line(s.name())).toList();
  }
}
