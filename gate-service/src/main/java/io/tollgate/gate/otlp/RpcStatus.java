package io.tollgate.gate.otlp;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A {@code google.rpc.Status} (code 1, message 2), the body OTLP/HTTP requires for every 4xx and
 * 5xx, in the request's encoding. Written by hand: the message has two scalar fields, and the
 * generated class would bring in all of Google's common protos.
 *
 * @param code a gRPC status code (informational: OTLP clients decide by the HTTP status)
 * @param message for the developer reading the exporter's log
 */
record RpcStatus(int code, String message) {
  static final int INVALID_ARGUMENT = 3;
  static final int RESOURCE_EXHAUSTED = 8;
  static final int UNAVAILABLE = 14;

  byte[] encode(OtlpContent content) {
    return content == OtlpContent.JSON ? json() : protobuf();
  }

  private byte[] protobuf() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeInt32(1, code);
      out.writeString(2, message);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private byte[] json() {
    StringBuilder s = new StringBuilder("{\"code\":").append(code).append(",\"message\":\"");
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        default -> {
          if (c < 0x20) {
            s.append(String.format("\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
