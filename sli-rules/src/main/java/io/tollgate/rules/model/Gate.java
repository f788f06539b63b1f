package io.tollgate.rules.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed gate: the SLIs it measures, the criteria that judge them and how they are scored.
 *
 * <p>{@code errorControl} says how several anytime-valid criteria share the gate's false-fail rate.
 *
 * <p>Built by {@code io.tollgate.rules.parse.GateParser} from YAML or by the importers; judged by
 * {@code io.tollgate.rules.eval.Judge}.
 */
public record Gate(
    String apiVersion,
    Metadata metadata,
    MissingData onMissingData,
    Scoring scoring,
    Map<String, String> variables,
    List<Sli> slis,
    SourceLocation at,
    ErrorControl errorControl) {

  /** The one language version this library reads and writes. */
  public static final String API_VERSION = "tollgate.io/v1";

  public Gate {
    Objects.requireNonNull(metadata, "metadata");
    onMissingData = onMissingData == null ? MissingData.INCONCLUSIVE : onMissingData;
    scoring = scoring == null ? Scoring.DEFAULT : scoring;
    variables = Map.copyOf(variables == null ? Map.of() : variables);
    slis = List.copyOf(slis);
    errorControl = errorControl == null ? ErrorControl.DEFAULT : errorControl;
  }

  /** A gate with the default error control (Bonferroni, equal weights). */
  public Gate(
      String apiVersion,
      Metadata metadata,
      MissingData onMissingData,
      Scoring scoring,
      Map<String, String> variables,
      List<Sli> slis,
      SourceLocation at) {
    this(apiVersion, metadata, onMissingData, scoring, variables, slis, at, ErrorControl.DEFAULT);
  }

  /** The SLI called {@code name}, if the gate has one. */
  public Optional<Sli> sli(String name) {
    return slis.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
