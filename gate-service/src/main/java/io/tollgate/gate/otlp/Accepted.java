package io.tollgate.gate.otlp;

import com.google.protobuf.Message;

/**
 * What remains of an export after invalid items were dropped.
 *
 * @param request the valid part, to write to Kafka
 * @param rejected spans or data points dropped
 * @param reason why, for {@code partial_success.error_message}; empty when nothing was dropped
 * @param items spans or data points kept
 */
record Accepted<T extends Message>(T request, long items, long rejected, String reason) {}
