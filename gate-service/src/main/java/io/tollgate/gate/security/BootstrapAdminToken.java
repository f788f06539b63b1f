package io.tollgate.gate.security;

import io.micronaut.context.annotation.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin token that exists before any token was created through the API. It comes from {@code
 * TOLLGATE_ADMIN_TOKEN}, or from the file {@code TOLLGATE_ADMIN_TOKEN_FILE} names (a mounted
 * Kubernetes secret); with neither, one is generated once into {@code
 * tollgate.security.generated-admin-token-file} so a first run on embedded defaults is usable. Only
 * its hash is kept in memory.
 */
@Context
final class BootstrapAdminToken {
  private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdminToken.class);
  private static final int MIN_LENGTH = 16;

  private final Optional<String> hash;

  BootstrapAdminToken(SecurityProperties properties) {
    this.hash = resolve(properties).map(Tokens::hash);
  }

  Optional<String> hash() {
    return hash;
  }

  private static Optional<String> resolve(SecurityProperties p) {
    if (p.adminToken() != null && !p.adminToken().isBlank()) {
      return Optional.of(checked(p.adminToken().trim(), "TOLLGATE_ADMIN_TOKEN"));
    }
    if (p.adminTokenFile() != null && !p.adminTokenFile().isBlank()) {
      Path file = Path.of(p.adminTokenFile());
      try {
        return Optional.of(
            checked(Files.readString(file, StandardCharsets.UTF_8).trim(), "the file " + file));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the admin token file " + file, e);
      }
    }
    if (p.generatedAdminTokenFile() == null || p.generatedAdminTokenFile().isBlank()) {
      LOG.warn("No admin token configured (TOLLGATE_ADMIN_TOKEN): only existing tokens work.");
      return Optional.empty();
    }
    return Optional.of(generatedOnce(Path.of(p.generatedAdminTokenFile())));
  }

  private static String checked(String token, String source) {
    if (token.length() < MIN_LENGTH) {
      throw new IllegalStateException(
          "the admin token from " + source + " is shorter than " + MIN_LENGTH + " characters");
    }
    return token;
  }

  private static String generatedOnce(Path file) {
    try {
      if (Files.exists(file)) {
        return checked(Files.readString(file, StandardCharsets.UTF_8).trim(), "the file " + file);
      }
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      String token = Tokens.generate();
      Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        LOG.debug("file system without POSIX permissions: {}", file);
      }
      LOG.info(
          "No TOLLGATE_ADMIN_TOKEN set: generated an admin token into {} (read it from there)",
          file.toAbsolutePath().normalize());
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the generated admin token in " + file, e);
    }
  }
}
