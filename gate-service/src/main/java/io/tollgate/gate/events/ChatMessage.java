package io.tollgate.gate.events;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decision as a chat message for incoming webhooks. Slack gets {@code text} (the notification and
 * fallback line) and {@code blocks} (a headline, the reasons, the link to the decision page); Teams
 * gets {@code text} with Markdown, which its incoming webhooks (and Power Automate's "post to a
 * channel when a webhook request is received" flow) accept.
 */
@Singleton
final class ChatMessage {
  private final JsonMapper json;

  ChatMessage(JsonMapper json) {
    this.json = json;
  }

  byte[] render(Format format, EventData d) {
    Object message = format == Format.SLACK ? slack(d) : teams(d);
    try {
      return json.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String headline(EventData d) {
    String subject =
        "gate "
            + d.gate()
            + " v"
            + d.gateVersion()
            + (d.service() == null ? "" : " for " + d.service())
            + (d.version() == null ? "" : " " + d.version());
    String verdict =
        "rollback".equals(d.recommendation())
            ? "FAIL after deployment: ROLL BACK recommended"
            : "FAIL".equals(d.decision())
                ? "FAIL: do not promote; roll back if it is deployed"
                : d.decision();
    return "Tollgate " + verdict + " (" + subject + ", evaluation " + d.evaluationId() + ")";
  }

  private static Map<String, Object> slack(EventData d) {
    List<Object> blocks = new ArrayList<>();
    blocks.add(section("*" + escape(headline(d)) + "*"));
    if (!d.reasons().isEmpty()) {
      StringBuilder reasons = new StringBuilder();
      for (String r : d.reasons()) {
        reasons.append("• ").append(escape(r)).append('\n');
      }
      String text = reasons.toString().strip();
      // a section's text holds at most 3000 characters
      blocks.add(section(text.length() <= 2900 ? text : text.substring(0, 2897) + "..."));
    }
    blocks.add(
        Map.of(
            "type",
            "context",
            "elements",
            List.of(
                Map.of(
                    "type",
                    "mrkdwn",
                    "text",
                    "<"
                        + d.links().decision()
                        + "|Open the decision> · <"
                        + d.links().api()
                        + "|API>"))));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", headline(d) + " " + d.links().decision());
    m.put("blocks", blocks);
    return m;
  }

  private static Map<String, Object> teams(EventData d) {
    StringBuilder text = new StringBuilder("**").append(headline(d)).append("**\n\n");
    for (String r : d.reasons()) {
      text.append("- ").append(r).append('\n');
    }
    text.append("\n[Open the decision](").append(d.links().decision()).append(')');
    return Map.of("text", text.toString());
  }

  private static Map<String, Object> section(String mrkdwn) {
    return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", mrkdwn));
  }

  /** Slack's three control characters in mrkdwn text. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
