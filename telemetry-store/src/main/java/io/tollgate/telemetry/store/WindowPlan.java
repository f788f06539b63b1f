package io.tollgate.telemetry.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How to read a window: whole UTC days from day rollups, whole hours from hour rollups, the rest
 * (the edges, and any bucket whose rollup is not built yet) from minutes. Adjacent buckets of one
 * resolution are read as one range.
 */
final class WindowPlan {
  record Segment(Resolution resolution, Instant from, Instant to) {}

  private WindowPlan() {}

  /**
   * @param builtHours starts of the hour buckets whose rollup is built
   * @param builtDays starts of the day buckets whose rollup is built
   */
  static List<Segment> plan(
      Instant from, Instant to, Set<Instant> builtHours, Set<Instant> builtDays) {
    List<Segment> out = new ArrayList<>();
    Instant t = from;
    while (t.isBefore(to)) {
      Resolution r;
      Instant next;
      if (aligned(t, Resolution.DAY) && fits(t, Resolution.DAY, to) && builtDays.contains(t)) {
        r = Resolution.DAY;
        next = t.plusSeconds(Resolution.DAY.seconds);
      } else if (aligned(t, Resolution.HOUR)
          && fits(t, Resolution.HOUR, to)
          && builtHours.contains(t)) {
        r = Resolution.HOUR;
        next = t.plusSeconds(Resolution.HOUR.seconds);
      } else {
        r = Resolution.MINUTE;
        long hour = Resolution.HOUR.seconds;
        Instant boundary =
            Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), hour) * hour + hour);
        next = boundary.isBefore(to) ? boundary : to;
      }
      Segment last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.resolution() == r && last.to().equals(t)) {
        out.set(out.size() - 1, new Segment(r, last.from(), next));
      } else {
        out.add(new Segment(r, t, next));
      }
      t = next;
    }
    return out;
  }

  private static boolean aligned(Instant t, Resolution r) {
    return t.getNano() == 0 && Math.floorMod(t.getEpochSecond(), r.seconds) == 0;
  }

  private static boolean fits(Instant t, Resolution r, Instant to) {
    return !t.plusSeconds(r.seconds).isAfter(to);
  }
}
