package io.tollgate.gate.deploy;

import io.micronaut.core.annotation.Nullable;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The parts of a package URL ({@code pkg:type/namespace/name@version?qualifiers#subpath}) a
 * deployment needs: the name, and the version, where an OCI image's {@code tag} qualifier ({@code
 * pkg:oci/checkout@sha256%3A...?tag=2.1.0}) is the version people and spans use.
 */
record Purl(String name, @Nullable String version) {

  /** Reads a purl; null when the text is not one. */
  @Nullable
  static Purl parse(@Nullable String text) {
    if (text == null || !text.startsWith("pkg:")) {
      return null;
    }
    String rest = text.substring(4);
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    String tag = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      for (String pair : rest.substring(q + 1).split("&")) {
        if (pair.startsWith("tag=")) {
          tag = decode(pair.substring(4));
        }
      }
      rest = rest.substring(0, q);
    }
    String version = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      version = decode(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    int slash = rest.lastIndexOf('/');
    if (slash < 0 || slash == rest.length() - 1) {
      return null;
    }
    String name = decode(rest.substring(slash + 1));
    String v = tag != null && !tag.isBlank() ? tag : version;
    return new Purl(name, v == null || v.isBlank() ? null : v);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
