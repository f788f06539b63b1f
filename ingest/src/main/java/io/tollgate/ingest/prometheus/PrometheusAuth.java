package io.tollgate.ingest.prometheus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/** How to authenticate to Prometheus (or the proxy in front of it). */
public sealed interface PrometheusAuth {
  /** The {@code Authorization} header value, if any. */
  Optional<String> header();

  PrometheusAuth NONE = new None();

  record None() implements PrometheusAuth {
    @Override
    public Optional<String> header() {
      return Optional.empty();
    }
  }

  record Bearer(String token) implements PrometheusAuth {
    public Bearer {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public Optional<String> header() {
      return Optional.of("Bearer " + token);
    }

    @Override
    public String toString() {
      return "Bearer[***]";
    }
  }

  record Basic(String user, String password) implements PrometheusAuth {
    public Basic {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public Optional<String> header() {
      String pair = user + ":" + password;
      return Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
      return "Basic[" + user + ", ***]";
    }
  }
}
