package io.tollgate.rules.observation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything observed for one SLI. Canary analysis fills {@code canary} and {@code baseline}; a
 * test run or a production check fills {@code current}; vsHistory criteria read {@code history}
 * (newest first); budget criteria read {@code windows}. A source that failed (query error, timeout)
 * sets {@code error}, which makes the SLI's criteria ERROR rather than missing data.
 */
public record SliObservation(
    Optional<Measurement> canary,
    Optional<Measurement> baseline,
    Optional<Measurement> current,
    List<HistoryRun> history,
    List<WindowCounts> windows,
    Optional<String> error) {

  /** Nothing observed. */
  public static final SliObservation EMPTY =
      new SliObservation(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          List.of(),
          List.of(),
          Optional.empty());

  public SliObservation {
    canary = canary == null ? Optional.empty() : canary.filter(m -> !m.isEmpty());
    baseline = baseline == null ? Optional.empty() : baseline.filter(m -> !m.isEmpty());
    current = current == null ? Optional.empty() : current.filter(m -> !m.isEmpty());
    history = List.copyOf(history == null ? List.of() : history);
    windows = List.copyOf(windows == null ? List.of() : windows);
    error = error == null ? Optional.empty() : error;
  }

  /** A canary and its baseline. */
  public static SliObservation canaryVsBaseline(Measurement canary, Measurement baseline) {
    return new SliObservation(
        Optional.of(canary),
        Optional.of(baseline),
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty());
  }

  /** A single current measurement. */
  public static SliObservation current(Measurement current) {
    return new SliObservation(
        Optional.empty(),
        Optional.empty(),
        Optional.of(current),
        List.of(),
        List.of(),
        Optional.empty());
  }

  /** A failed source. */
  public static SliObservation failed(String error) {
    return new SliObservation(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.of(error));
  }

  /** The side being judged: the canary if there is one, else the current run. */
  public Optional<Measurement> subject() {
    return canary.isPresent() ? canary : current;
  }

  /** The side name of {@link #subject()} for reports. */
  public String subjectName() {
    return canary.isPresent() ? "canary" : "current";
  }

  /** Counts over exactly {@code window}, if observed. */
  public Optional<Counts> window(Duration window) {
    return windows.stream()
        .filter(w -> w.window().equals(window))
        .map(WindowCounts::counts)
        .findFirst();
  }

  /** A copy with history runs. */
  public SliObservation withHistory(List<HistoryRun> runs) {
    return new SliObservation(canary, baseline, current, runs, windows, error);
  }

  /** A copy with window counts. */
  public SliObservation withWindows(List<WindowCounts> counts) {
    return new SliObservation(canary, baseline, current, history, counts, error);
  }
}
