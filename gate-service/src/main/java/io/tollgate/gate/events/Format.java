package io.tollgate.gate.events;

/** What a webhook receives. */
public enum Format {
  /** The CloudEvent, in the webhook's {@link Mode}. */
  CLOUDEVENTS,
  /** A Slack incoming-webhook message: {@code {"text": ..., "blocks": [...]}}. */
  SLACK,
  /** A Microsoft Teams incoming-webhook message: {@code {"text": ...}}. */
  TEAMS
}
