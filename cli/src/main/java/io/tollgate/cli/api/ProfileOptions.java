package io.tollgate.cli.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/** Which production traffic a profile is read from. */
final class ProfileOptions {
  @Option(
      names = "--window",
      defaultValue = "7d",
      description = "Production window, 1h to 14d (default: ${DEFAULT-VALUE})")
  String window;

  @Option(
      names = "--environment",
      defaultValue = "production",
      description = "Deployment environment (default: ${DEFAULT-VALUE})")
  String environment;

  /** The path of {@code resource} of {@code service} with the window and environment. */
  String path(String service, String resource) {
    return "/api/v1/services/"
        + URLEncoder.encode(service, StandardCharsets.UTF_8).replace("+", "%20")
        + "/"
        + resource
        + "?window="
        + enc(window)
        + "&environment="
        + enc(environment);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Exit code of a refused request: 64 when the server refused the parameters, else 3. */
  static int exitCode(Api.Failure e) {
    return e.status() == 400 ? io.tollgate.cli.Main.USAGE : Decisions.ERROR;
  }
}
