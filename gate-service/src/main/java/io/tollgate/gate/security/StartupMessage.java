package io.tollgate.gate.security;

import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, once the server listens, where a newcomer goes next: the web UI's address and where the
 * admin token to sign in with comes from (never the token itself).
 */
@Singleton
final class StartupMessage {
  private static final Logger LOG = LoggerFactory.getLogger(StartupMessage.class);
  private final SecurityProperties properties;

  StartupMessage(SecurityProperties properties) {
    this.properties = properties;
  }

  @EventListener
  void started(ServerStartupEvent event) {
    String base = event.getSource().getURL().toString().replaceAll("/+$", "");
    LOG.info(
        "Tollgate is ready: web UI {}/ui/, API {}/api/v1, API reference {}/swagger-ui/index.html;"
            + " sign in with an API token ({})",
        base,
        base,
        base,
        adminTokenSource());
  }

  String adminTokenSource() {
    if (present(properties.adminToken())) {
      return "the admin token is the one set in TOLLGATE_ADMIN_TOKEN";
    }
    if (present(properties.adminTokenFile())) {
      return "the admin token is in " + Path.of(properties.adminTokenFile()).toAbsolutePath();
    }
    if (present(properties.generatedAdminTokenFile())) {
      return "the generated admin token is in "
          + Path.of(properties.generatedAdminTokenFile()).toAbsolutePath().normalize();
    }
    return "no admin token is configured: only existing tokens work";
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
