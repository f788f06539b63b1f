package io.tollgate.gate.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.tollgate.gate.deploy.Recommendation;
import io.tollgate.gate.evaluation.EvaluationRow;
import io.tollgate.gate.evaluation.EvaluationService;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the CloudEvent of a delivery from the stored decision: the same event (id, time, data) on
 * every attempt and to every destination, since a final decision and an override row do not change.
 */
@Singleton
final class EventBuilder {
  static final String JSON = "application/json";
  private static final int MAX_REASONS = 10;
  private static final int MAX_LINE = 300;

  private final EvaluationService evaluations;
  private final JsonMapper json;
  private final URI source;
  private final String base;

  EventBuilder(EvaluationService evaluations, JsonMapper json, EventsProperties properties) {
    this.evaluations = evaluations;
    this.json = json;
    this.source = URI.create(properties.source());
    String url = properties.publicUrl() == null ? "" : properties.publicUrl();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The event and its data; the evaluation must still exist. */
  Built build(Delivery d) throws IOException {
    EvaluationRow row = evaluations.get(d.evaluationId());
    EventData.OverrideView override =
        d.detail() == null ? null : json.readValue(d.detail(), EventData.OverrideView.class);
    String outcome = row.outcome() == null ? d.outcome() : row.outcome().name();
    String decision = override != null && override.outcome() != null ? override.outcome() : outcome;
    EventData data =
        new EventData(
            row.id(),
            row.gateName(),
            row.gateVersion(),
            outcome,
            decision,
            row.score(),
            reasons(row, override),
            row.service(),
            row.version(),
            row.decidedAt(),
            override,
            new EventData.Links(
                base + "/ui/decisions/" + row.id(), base + "/api/v1/evaluations/" + row.id()),
            Recommendation.forEvent(row, d.createdAt()));
    byte[] bytes = json.writeValueAsBytes(data);
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId(d.eventId())
            .withSource(source)
            .withType(d.type().ceType())
            .withSubject(row.gateName() + "/evaluations/" + row.id())
            .withTime(d.createdAt().atOffset(ZoneOffset.UTC))
            .withDataContentType(JSON)
            .withExtension("tollgategate", row.gateName())
            .withExtension("tollgateoutcome", decision)
            .withData(JSON, bytes)
            .build();
    return new Built(event, data);
  }

  /** An event with its data as a record, for the chat formats. */
  record Built(CloudEvent event, EventData data) {}

  @SuppressWarnings("unchecked")
  private List<String> reasons(EvaluationRow row, @Nullable EventData.OverrideView override) {
    List<String> out = new ArrayList<>();
    if (override != null) {
      out.add(
          cut(
              (override.outcome() == null ? "override cleared" : "override " + override.outcome())
                  + " by "
                  + override.by()
                  + (override.reason() == null ? "" : ": " + override.reason())));
    }
    if (row.result() != null) {
      try {
        Map<String, Object> result = json.readValue(row.result(), Map.class);
        for (Object o : (List<Object>) result.getOrDefault("slis", List.of())) {
          Map<String, Object> sli = (Map<String, Object>) o;
          if (!"PASS".equals(sli.get("outcome")) && out.size() < MAX_REASONS) {
            out.add(cut(sli.get("name") + " " + sli.get("outcome") + ": " + sli.get("reason")));
          }
        }
      } catch (IOException | ClassCastException e) {
        // the gate's reason below
      }
    }
    if (out.size() == (override == null ? 0 : 1) && row.reason() != null) {
      out.add(cut(row.reason()));
    }
    return out;
  }

  private static String cut(String s) {
    return s.length() <= MAX_LINE ? s : s.substring(0, MAX_LINE - 3) + "...";
  }
}
