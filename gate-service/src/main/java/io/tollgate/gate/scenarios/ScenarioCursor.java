package io.tollgate.gate.scenarios;

import io.tollgate.gate.api.Paging;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Where a page of the scenario list ended, in the list's order: environment, last seen (newest
 * first), id. The next page is the scenarios after it, so a scenario that appears or moves between
 * two reads shifts no other scenario to another page.
 */
public record ScenarioCursor(Environment environment, Instant lastSeen, String id) {

  public static ScenarioCursor of(Scenario s) {
    return new ScenarioCursor(s.environment(), lastSeen(s), s.id());
  }

  public static ScenarioCursor parse(String key) {
    String[] p = key.split("\\|", 3);
    if (p.length != 3) {
      throw Paging.badCursor();
    }
    try {
      return new ScenarioCursor(
          Environment.parse(p[0]).orElseThrow(Paging::badCursor), Instant.parse(p[1]), p[2]);
    } catch (DateTimeException e) {
      throw Paging.badCursor();
    }
  }

  public String key() {
    return environment.id() + "|" + lastSeen + "|" + id;
  }

  private static Instant lastSeen(Scenario s) {
    return s.lastSeen() == null ? Instant.EPOCH : s.lastSeen();
  }
}
