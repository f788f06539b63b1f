package io.tollgate.cli.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads rule files as UTF-8 text, with a size cap so a wrong argument cannot exhaust memory. */
final class Files2 {
  static final long MAX_BYTES = 32L * 1024 * 1024;

  private Files2() {}

  /** Why {@link #read} cannot read {@code p}: no such file, a directory, unreadable, too large. */
  static String problem(Path p) {
    if (!Files.exists(p)) {
      return "no such file";
    }
    if (Files.isDirectory(p)) {
      return "it is a directory";
    }
    if (!Files.isReadable(p)) {
      return "permission denied";
    }
    try {
      if (Files.size(p) > MAX_BYTES) {
        return "larger than " + MAX_BYTES / (1024 * 1024) + " MiB";
      }
      Files.readString(p, StandardCharsets.UTF_8);
      return "unreadable";
    } catch (java.nio.charset.CharacterCodingException e) {
      return "not UTF-8 text";
    } catch (IOException | RuntimeException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  static Optional<String> read(Path p) {
    try {
      if (!Files.isRegularFile(p) || Files.size(p) > MAX_BYTES) {
        return Optional.empty();
      }
      return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
