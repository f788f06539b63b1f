package io.tollgate.rules.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What starts a gate without a pipeline call: a deployment of one of {@code services}, a change of
 * a feature flag, or a schedule. Written in a gate's {@code spec.bindings}:
 *
 * <pre>{@code
 * bindings:
 *   - trigger: deploy
 *     services: [checkout]
 *     environment: production
 *     watch: 30m     # post-deploy mode: judge the new version for 30 minutes
 *     every: 2m      # re-evaluated every 2 minutes
 * }</pre>
 *
 * @param trigger what starts the gate
 * @param services the services whose events start it (at least one)
 * @param environment the environment the evaluation reads (and events must name, when they do)
 * @param flag for {@code flag}: the flag key (absent: any flag of the services)
 * @param watch for {@code deploy} and {@code flag}: how long the change is watched; for {@code
 *     schedule}: the window each run judges
 * @param every the interval between evaluations of a watch, or the period of a schedule
 * @param cron for {@code schedule}: a cron expression instead of {@code every}
 * @param at where the binding was written
 */
public record Binding(
    Trigger trigger,
    List<String> services,
    String environment,
    Optional<String> flag,
    Duration watch,
    Duration every,
    Optional<String> cron,
    SourceLocation at) {

  /** The environment a binding reads when it names none. */
  public static final String DEFAULT_ENVIRONMENT = "production";

  /** The watch window when none is written. */
  public static final Duration DEFAULT_WATCH = Duration.ofMinutes(30);

  /** The interval when none is written. */
  public static final Duration DEFAULT_EVERY = Duration.ofMinutes(1);

  /** The longest watch or schedule window. */
  public static final Duration MAX_WATCH = Duration.ofHours(24);

  /** The shortest interval of a watch. */
  public static final Duration MIN_EVERY = Duration.ofSeconds(5);

  /** At most this many services per binding. */
  public static final int MAX_SERVICES = 100;

  /** What starts a bound gate. */
  public enum Trigger {
    /** A deployment (CDEvents service.deployed/upgraded/rolledback, or the API). */
    DEPLOY,
    /** A feature flag's change (the API). */
    FLAG,
    /** A fixed period or a cron expression. */
    SCHEDULE
  }

  public Binding {
    Objects.requireNonNull(trigger, "trigger");
    services = List.copyOf(services);
    Objects.requireNonNull(environment, "environment");
    flag = flag == null ? Optional.empty() : flag;
    cron = cron == null ? Optional.empty() : cron;
    Objects.requireNonNull(watch, "watch");
    Objects.requireNonNull(every, "every");
  }
}
