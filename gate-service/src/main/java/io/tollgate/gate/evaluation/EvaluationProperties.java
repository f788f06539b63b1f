package io.tollgate.gate.evaluation;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code tollgate.evaluations.*}.
 *
 * @param workers evaluations run at once on this replica
 * @param claimTimeout how long a claimed job is this replica's before another may take it over (a
 *     crashed replica's jobs resume after this)
 */
@ConfigurationProperties("tollgate.evaluations")
public record EvaluationProperties(
    @Bindable(defaultValue = "4") int workers,
    @Bindable(defaultValue = "2m") Duration claimTimeout,
    @Bindable(defaultValue = "2s") Duration readCache) {}
