package io.tollgate.telemetry.aggregate;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one latency sketch configuration used everywhere: DDSketch with 1% relative accuracy and at
 * most 2048 bins per sign (the lowest bins collapse first, so high quantiles stay exact to 1%).
 * Values are milliseconds.
 */
public final class Sketches {
  public static final double RELATIVE_ACCURACY = 0.01;
  static final int MAX_BINS = 2048;

  private Sketches() {}

  public static DDSketch newSketch() {
    return DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS);
  }

  public static byte[] encode(DDSketch sketch) {
    GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
    try {
      sketch.encode(out, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.trimmedCopy();
  }

  public static DDSketch decode(byte[] bytes) {
    try {
      return DDSketch.decode(
          ByteArrayInput.wrap(bytes), () -> new CollapsingLowestDenseStore(MAX_BINS));
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt latency sketch", e);
    }
  }
}
