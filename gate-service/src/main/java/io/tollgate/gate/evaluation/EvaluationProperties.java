package io.tollgate.gate.evaluation;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code tollgate.evaluations.*}.
 *
 * @param workers evaluation steps run at once on this replica
 * @param claimTimeout how long a claim lasts without renewal; running steps renew it every third of
 *     this, so a job whose replica died is taken over within this plus {@code pollInterval}
 * @param readCache how long a decided evaluation is served from this replica's memory
 * @param pollInterval how often the runner looks for due jobs when nothing wakes it earlier
 * @param stepTimeout the deadline of one step: every source gets what remains of it
 * @param queryTimeout the JDBC query timeout of the job statements
 * @param maxActivePerToken running evaluations one API token may have (429 past it)
 * @param maxActivePerGate running evaluations of one gate (429 past it)
 * @param retryAfter the {@code Retry-After} sent with a quota's 429
 * @param maxLongPollsPerToken concurrent long-polls ({@code wait=}) one API token may hold
 */
@ConfigurationProperties("tollgate.evaluations")
public record EvaluationProperties(
    @Bindable(defaultValue = "4") int workers,
    @Bindable(defaultValue = "15s") Duration claimTimeout,
    @Bindable(defaultValue = "2s") Duration readCache,
    @Bindable(defaultValue = "1s") Duration pollInterval,
    @Bindable(defaultValue = "60s") Duration stepTimeout,
    @Bindable(defaultValue = "10s") Duration queryTimeout,
    @Bindable(defaultValue = "50") int maxActivePerToken,
    @Bindable(defaultValue = "200") int maxActivePerGate,
    @Bindable(defaultValue = "30s") Duration retryAfter,
    @Bindable(defaultValue = "100") int maxLongPollsPerToken) {}
