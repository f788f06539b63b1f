package io.tollgate.gate.evaluation;

import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.SliSource;
import io.tollgate.rules.observation.SliObservation;

/**
 * Reads one kind of SLI source ({@code traces}, {@code metrics}, {@code prometheus}, {@code
 * testrun}, {@code scenarios}, {@code incidents}) for one evaluation step. Each kind is one bean;
 * {@link ObservationBuilder} picks the bean by {@link #type()}, so a new kind adds a class and
 * edits nothing else.
 *
 * <p>Everything a source needs arrives in the {@link ObservationContext}: the window, the sides,
 * template variables, history, the step's {@link Deadline}, and where to record what was asked. A
 * per-interval variant adds its interval to the context rather than parameters here.
 *
 * @param <S> the rule-language source type this bean reads
 */
interface ObservationSource<S extends SliSource> {

  Class<S> type();

  /**
   * What the source measured for this SLI. Throws {@link SourceException} when the source cannot
   * answer: the SLI then becomes an error, never an empty (passing) observation.
   */
  SliObservation observe(S source, Sli sli, ObservationContext context) throws SourceException;

  /**
   * Whether this kind of SLI is right when sides select feature-flag variants ({@code flag.<key>}):
   * it reads per variant, or it does not compare the sides. False by default: a source that
   * compares sides but cannot tell variants apart would see two equal sides and pass.
   */
  default boolean supportsFlagSelectors() {
    return false;
  }
}
