package io.tollgate.sim;

import com.datadoghq.sketch.ddsketch.DDSketch;

/**
 * What one side of one traffic stream saw in one interval.
 *
 * @param requests requests served
 * @param errors requests that failed
 * @param latency every request's latency in ms, in a sketch made by ingest's {@code Sketches}; null
 *     when no simulated SLI reads latency
 */
record SideInterval(long requests, long errors, DDSketch latency) {}
