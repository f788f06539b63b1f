package io.tollgate.gate.cdevents;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * A CloudEvents 1.0 event carrying a CDEvent, read from the HTTP or Kafka binding: structured mode
 * (the envelope as JSON, the CDEvent in {@code data} or {@code data_base64}) or binary mode (the
 * attributes as {@code ce-*} HTTP headers or {@code ce_*} Kafka headers, the CDEvent as the body).
 *
 * @param type the CloudEvent's type, e.g. {@code dev.cdevents.service.deployed.0.2.0}
 * @param id the CloudEvent's id
 * @param source the CloudEvent's source
 * @param time the CloudEvent's time, if given
 * @param event the CDEvent (the {@code data}): a JSON object with {@code context} and {@code
 *     subject}
 */
public record Envelope(
    String type,
    @Nullable String id,
    @Nullable String source,
    @Nullable String time,
    JsonNode event) {

  /** The largest event taken over HTTP or Kafka. */
  public static final int MAX_BYTES = 256 * 1024;

  /**
   * Reads an event.
   *
   * @param attributes binary-mode attributes by name without prefix ({@code specversion}, {@code
   *     type}, {@code id}, {@code source}, {@code time}), empty for structured mode
   * @throws ProblemException 400 with where the event is wrong, 413 when it is too large
   */
  public static Envelope read(
      JsonMapper json, @Nullable byte[] body, Map<String, String> attributes) {
    if (body != null && body.length > MAX_BYTES) {
      throw new ProblemException(
          ProblemType.PAYLOAD_TOO_LARGE, "an event may have at most " + MAX_BYTES + " bytes");
    }
    JsonNode root = parse(json, body);
    if (attributes.containsKey("specversion")) {
      if (!"1.0".equals(attributes.get("specversion").strip())) {
        throw Fields.invalid("ce-specversion", "only CloudEvents 1.0 is supported");
      }
      String type = attributes.get("type");
      Fields.require(type, "ce-type", "the CloudEvent's type header");
      return new Envelope(
          type.strip(),
          attributes.get("id"),
          attributes.get("source"),
          attributes.get("time"),
          root);
    }
    if (Fields.string(root, "specversion") == null) {
      throw Fields.invalid(
          "/specversion",
          "not a CloudEvent: send the structured mode (application/cloudevents+json with"
              + " specversion, type, source, id, data) or the binary mode (ce-* headers)");
    }
    if (!"1.0".equals(Fields.string(root, "specversion"))) {
      throw Fields.invalid("/specversion", "only CloudEvents 1.0 is supported");
    }
    String type = Fields.string(root, "type");
    Fields.require(type, "/type", "the CloudEvent's type");
    JsonNode event = root.get("data");
    String base64 = Fields.string(root, "data_base64");
    if (event == null && base64 != null) {
      try {
        event = parse(json, Base64.getDecoder().decode(base64));
      } catch (IllegalArgumentException e) {
        throw Fields.invalid("/data_base64", "is not base64");
      }
    }
    if (event == null || !event.isObject()) {
      throw Fields.invalid("/data", "the CloudEvent carries no CDEvent object in data");
    }
    return new Envelope(
        type.strip(),
        Fields.string(root, "id"),
        Fields.string(root, "source"),
        Fields.string(root, "time"),
        event);
  }

  /** The CDEvent's {@code context} object, if it has one. */
  @Nullable
  public JsonNode context() {
    return Fields.object(event, "context");
  }

  /** The CDEvent's {@code subject}: required. */
  public JsonNode subject() {
    JsonNode subject = Fields.object(event, "subject");
    if (subject == null) {
      throw Fields.invalid("/subject", "a CDEvent needs a subject");
    }
    return subject;
  }

  /** The CDEvent's {@code context.timestamp}, else the CloudEvent's {@code time}. */
  @Nullable
  public String timestamp() {
    JsonNode context = context();
    String t = context == null ? null : Fields.string(context, "timestamp");
    return t != null ? t : time;
  }

  /** The CDEvent's {@code context.id}, else the CloudEvent's {@code id}. */
  @Nullable
  public String eventId() {
    JsonNode context = context();
    String t = context == null ? null : Fields.string(context, "id");
    return t != null ? t : id;
  }

  /** The CDEvent's {@code context.source}, else the CloudEvent's {@code source}. */
  @Nullable
  public String eventSource() {
    JsonNode context = context();
    String t = context == null ? null : Fields.string(context, "source");
    return t != null ? t : source;
  }

  /** Whether the type is {@code prefix} followed by a version ({@code ...deployed.0.3.0}). */
  public boolean is(String prefix) {
    return type.startsWith(prefix + ".") && type.length() > prefix.length() + 1;
  }

  private static JsonNode parse(JsonMapper json, @Nullable byte[] body) {
    JsonNode node;
    try {
      node = body == null || body.length == 0 ? null : json.readValue(body, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      throw new ProblemException(ProblemType.INVALID_JSON, "the event is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new ProblemException(
          ProblemType.INVALID_JSON, "the event is not a JSON object (a CloudEvent or a CDEvent)");
    }
    return node;
  }
}
