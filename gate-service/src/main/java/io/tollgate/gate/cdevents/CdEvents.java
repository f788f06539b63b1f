package io.tollgate.gate.cdevents;

import io.micronaut.json.JsonMapper;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads CDEvents and hands each to the handler of its type (incidents, deployments). */
@Singleton
public final class CdEvents {
  private final List<CdEventHandler> handlers;
  private final JsonMapper json;

  CdEvents(List<CdEventHandler> handlers, JsonMapper json) {
    this.handlers = List.copyOf(handlers);
    this.json = json;
  }

  /** Reads an event (see {@link Envelope#read}) and finds its handler, or a 422 problem. */
  public Routed route(byte[] body, Map<String, String> attributes) {
    Envelope e = Envelope.read(json, body, attributes);
    for (CdEventHandler h : handlers) {
      if (h.takes(e)) {
        return new Routed(e, h);
      }
    }
    String t = e.type();
    throw new ProblemException(
        ProblemType.UNPROCESSABLE,
        "event type '"
            + (t.length() > 100 ? t.substring(0, 100) + "..." : t)
            + "' is not taken here: send "
            + handlers.stream().map(CdEventHandler::describe).collect(Collectors.joining("; ")));
  }

  /** An event and the handler that takes it. */
  public record Routed(Envelope event, CdEventHandler handler) {
    /** Whether a sender holding {@code roles} may send it. */
    public boolean allowed(Collection<String> roles) {
      return handler.roles().stream().anyMatch(r -> roles.contains(r.id()));
    }

    public CdEventHandler.Handled handle(CdEventHandler.Sender who) {
      return handler.handle(event, who);
    }
  }
}
