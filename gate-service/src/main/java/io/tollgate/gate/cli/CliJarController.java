package io.tollgate.gate.cli;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.tollgate.gate.api.ProblemException;
import java.io.InputStream;

/**
 * Serves the command-line client built with this server ({@code java -jar tollgate-cli.jar}), so a
 * pipeline fetches the CLI that matches the server it talks to: {@code curl -fsSLo tollgate-cli.jar
 * $TOLLGATE_URL/cli/tollgate-cli.jar}. Anonymous, like the OpenAPI document: the jar holds no
 * secret and the API it calls needs a token.
 */
@Controller("/cli")
@Secured(SecurityRule.IS_ANONYMOUS)
final class CliJarController {
  static final String RESOURCE = "cli/tollgate-cli.jar";

  @Operation(summary = "The tollgate CLI jar of this server's version")
  @Get(uri = "/tollgate-cli.jar", produces = "application/java-archive")
  HttpResponse<StreamedFile> jar() {
    InputStream in = CliJarController.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (in == null) {
      throw ProblemException.notFound("the CLI jar is not part of this build");
    }
    return HttpResponse.ok(
            new StreamedFile(in, io.micronaut.http.MediaType.of("application/java-archive")))
        .header("Content-Disposition", "attachment; filename=\"tollgate-cli.jar\"");
  }
}
