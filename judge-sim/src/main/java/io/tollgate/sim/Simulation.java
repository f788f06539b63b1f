package io.tollgate.sim;

import io.tollgate.rules.model.Outcome;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a scenario: every run simulates its traffic interval by interval and shows it to Tollgate's
 * judge, the Kayenta-style judge and the Argo-style threshold, until each has decided or the last
 * interval is reached. Runs are spread over threads, but each run's random numbers come from its
 * own seed (the scenario's seed and the run's index), so the figures do not depend on timing.
 */
final class Simulation {
  private Simulation() {}

  /** The figures per judge, Tollgate's last. */
  record Result(
      List<Figures> figures,
      Map<Outcome, Integer> tollgateLooks,
      Map<String, Integer> failedBy,
      long wallMillis) {}

  private record Run(List<RunOutcome> outcomes, Map<Outcome, Integer> looks, String failedBy) {}

  static Result run(Scenario scenario, SimGate gate, int threads) {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Run>> futures = new ArrayList<>();
      for (int r = 0; r < scenario.runs(); r++) {
        int index = r;
        futures.add(pool.submit(() -> one(scenario, gate, index)));
      }
      List<List<RunOutcome>> perJudge = new ArrayList<>();
      Map<Outcome, Integer> looks = new EnumMap<>(Outcome.class);
      Map<String, Integer> failedBy = new TreeMap<>();
      for (Future<Run> f : futures) {
        Run run = f.get();
        for (int j = 0; j < run.outcomes().size(); j++) {
          if (perJudge.size() <= j) {
            perJudge.add(new ArrayList<>());
          }
          perJudge.get(j).add(run.outcomes().get(j));
        }
        run.looks().forEach((o, n) -> looks.merge(o, n, Integer::sum));
        if (run.failedBy() != null) {
          failedBy.merge(run.failedBy(), 1, Integer::sum);
        }
      }
      List<RunJudge> names = judges(scenario, gate);
      List<Figures> figures = new ArrayList<>();
      for (int j = 0; j < names.size(); j++) {
        figures.add(Figures.of(names.get(j).name(), perJudge.get(j)));
      }
      return new Result(figures, looks, failedBy, (System.nanoTime() - start) / 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a run failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Peer judges first, Tollgate's last (its line is printed last). */
  static List<RunJudge> judges(Scenario scenario, SimGate gate) {
    return List.of(
        new KayentaJudge(scenario, gate),
        new ArgoThresholdJudge(scenario, gate),
        new TollgateJudge(scenario, gate));
  }

  /** The seed of run {@code index}: a SplitMix64 finalizer over the scenario's seed and index. */
  static long seed(long scenarioSeed, int index) {
    long z = scenarioSeed * 0x9E3779B97F4A7C15L + (index + 1L) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static Run one(Scenario scenario, SimGate gate, int index) {
    SplittableRandom rng = new SplittableRandom(seed(scenario.seed(), index));
    List<RunJudge> judges = judges(scenario, gate);
    RunOutcome[] outcomes = new RunOutcome[judges.size()];
    List<Traffic> traffic = new ArrayList<>();
    List<List<SideInterval[]>> streams = new ArrayList<>();
    for (int s = 0; s < gate.streams(); s++) {
      int stream = s;
      boolean latency =
          gate.slis().stream()
              .anyMatch(x -> x.stream() == stream && x.feed() == SimGate.Feed.LATENCY);
      traffic.add(new Traffic(scenario, latency));
      streams.add(new ArrayList<>());
    }
    long canarySeen = 0;
    int open = judges.size();
    for (int k = 0; k < scenario.intervals() && open > 0; k++) {
      for (int s = 0; s < streams.size(); s++) {
        streams.get(s).add(traffic.get(s).interval(rng, k));
      }
      canarySeen += streams.get(0).get(k)[0].requests();
      boolean last = k == scenario.intervals() - 1;
      for (int j = 0; j < judges.size(); j++) {
        if (outcomes[j] != null) {
          continue;
        }
        RunOutcome.Decision d = judges.get(j).look(k, last, streams);
        if (d != RunOutcome.Decision.OPEN || last) {
          outcomes[j] = new RunOutcome(d, canarySeen);
          open--;
        }
      }
    }
    TollgateJudge tollgate = (TollgateJudge) judges.get(judges.size() - 1);
    return new Run(List.of(outcomes), tollgate.outcomes(), tollgate.failedBy());
  }
}
