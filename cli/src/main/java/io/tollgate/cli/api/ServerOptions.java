package io.tollgate.cli.api;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the Tollgate service is and how to authenticate: flags, else environment. */
public final class ServerOptions {
  @Option(
      names = "--server",
      description = "Tollgate base URL (default: $TOLLGATE_URL, else http://localhost:8080)")
  String server;

  @Option(
      names = "--token",
      description = "API token (default: $TOLLGATE_TOKEN, or the file $TOLLGATE_TOKEN_FILE names)")
  String token;

  @Option(names = "--json", description = "Print the server's JSON instead of a summary")
  boolean json;

  URI baseUri() {
    String url = server != null ? server : System.getenv("TOLLGATE_URL");
    if (url == null || url.isBlank()) {
      url = "http://localhost:8080";
    }
    return URI.create(url.endsWith("/") ? url : url + "/");
  }

  String token() throws IOException {
    if (token != null && !token.isBlank()) {
      return token.trim();
    }
    String env = System.getenv("TOLLGATE_TOKEN");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    String file = System.getenv("TOLLGATE_TOKEN_FILE");
    if (file != null && !file.isBlank()) {
      return Files.readString(Path.of(file)).trim();
    }
    return null;
  }
}
