package io.tollgate.gate.events;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One of {@code tollgate.events.webhooks[n].*}: an HTTP endpoint decisions are POSTed to.
 *
 * @param name names the webhook in the delivery log (default: the URL's host)
 * @param url where to POST; http or https
 * @param mode for {@code format: cloudevents}, the CloudEvents HTTP binding's mode
 * @param format {@code cloudevents}, or a chat message for {@code slack} or {@code teams}
 * @param secret when set, every request carries {@code X-Tollgate-Signature: sha256=<hex>}, the
 *     HMAC-SHA256 of the body with this key
 * @param timeout per request; a slower answer counts as a failed attempt
 * @param outcomes the decision outcomes sent (default: every one for {@code cloudevents}, FAIL for
 *     chat formats); override events go to {@code cloudevents} webhooks only
 */
@EachProperty(value = "tollgate.events.webhooks", list = true)
public record WebhookProperties(
    @Nullable String name,
    @Nullable URI url,
    @Bindable(defaultValue = "binary") Mode mode,
    @Bindable(defaultValue = "cloudevents") Format format,
    @Nullable String secret,
    @Bindable(defaultValue = "5s") Duration timeout,
    @Nullable List<String> outcomes) {}
