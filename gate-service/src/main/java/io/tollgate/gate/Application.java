package io.tollgate.gate;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * Starts the Tollgate service: {@code java -jar tollgate.jar}; {@code java -jar tollgate.jar demo}
 * runs the one-command demo; {@code java -jar tollgate.jar send-sample-spans ...} sends generated
 * canary and baseline spans to Kafka (see {@link io.tollgate.gate.demo.SampleSpans}) without
 * starting the service.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Tollgate",
            version = "0.1",
            description =
                "Quality gates for canaries and test runs: gate rules, evaluations, decisions,"
                    + " test-run uploads and failure scenarios.",
            license = @License(name = "Apache-2.0")),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
    name = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "An API token created by an admin (POST /api/v1/tokens).")
public final class Application {
  private Application() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("demo")) {
      io.tollgate.gate.demo.Demo.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("send-sample-spans")) {
      int code =
          io.tollgate.gate.demo.SampleSpans.run(
              java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
      System.exit(code);
    }
    Micronaut.build(args).mainClass(Application.class).banner(false).start();
  }
}
