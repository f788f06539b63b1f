package io.tollgate.gate.deploy;

import io.micronaut.http.HttpStatus;
import io.micronaut.json.tree.JsonNode;
import io.tollgate.gate.cdevents.CdEventHandler;
import io.tollgate.gate.cdevents.Envelope;
import io.tollgate.gate.cdevents.Fields;
import io.tollgate.gate.security.Role;
import io.tollgate.rules.model.Binding;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * CDEvents {@code dev.cdevents.service.deployed}, {@code .upgraded} and {@code .rolledback} (any
 * version of the types): the deployment is recorded and starts the gates bound to the service.
 *
 * <p>The service is the last segment of {@code subject.id} ({@code service/checkout} → {@code
 * checkout}); the version is {@code subject.content.artifactId}'s (a purl; an OCI image's {@code
 * tag} qualifier wins over its digest); the environment is {@code subject.content.environment.id}.
 * {@code customData.version}, {@code customData.previousVersion} and {@code customData.service} say
 * what the purl cannot.
 */
@Singleton
final class DeployEvents implements CdEventHandler {
  static final String PREFIX = "dev.cdevents.service.";
  private static final List<String> PREDICATES = List.of("deployed", "upgraded", "rolledback");

  private final Changes changes;

  DeployEvents(Changes changes) {
    this.changes = changes;
  }

  @Override
  public boolean takes(Envelope event) {
    return PREDICATES.stream().anyMatch(p -> event.is(PREFIX + p));
  }

  @Override
  public List<Role> roles() {
    return List.of(Role.PIPELINE, Role.SRE);
  }

  @Override
  public String describe() {
    return "dev.cdevents.service.deployed, .upgraded or .rolledback";
  }

  @Override
  public Handled handle(Envelope e, Sender who) {
    Changes.Received r = changes.receive(read(e, who.name()), who.caller());
    return new Handled(r.created() ? HttpStatus.CREATED : HttpStatus.OK, r.change());
  }

  static Change read(Envelope e, String who) {
    String kind = PREDICATES.stream().filter(p -> e.is(PREFIX + p)).findFirst().orElseThrow();
    JsonNode subject = e.subject();
    JsonNode content = Fields.object(subject, "content");
    JsonNode custom = Fields.object(e.event(), "customData");
    String subjectId = Fields.string(subject, "id");
    Fields.require(subjectId, "/subject/id", "the service (e.g. service/checkout)");
    String artifact = content == null ? null : Fields.string(content, "artifactId");
    Purl purl = Purl.parse(artifact);
    if (artifact != null && purl == null) {
      throw Fields.invalid(
          "/subject/content/artifactId", "is not a package URL (pkg:type/name@version)");
    }
    String service =
        Fields.first(
            Fields.string(custom, "service"), subjectId.substring(subjectId.lastIndexOf('/') + 1));
    Fields.require(service, "/subject/id", "the service's name after the last '/'");
    String version =
        Fields.first(Fields.string(custom, "version"), purl == null ? null : purl.version());
    Fields.require(
        version,
        "/subject/content/artifactId",
        "the deployed version (a purl with @version or ?tag=, or customData.version)");
    String environment =
        content == null ? null : Fields.string(Fields.object(content, "environment"), "id");
    Fields.require(environment, "/subject/content/environment/id", "the environment deployed to");
    String source = Fields.first(e.eventSource(), Fields.string(subject, "source"));
    Fields.require(source, "/context/source", "the event's source");
    String id = e.eventId();
    Fields.require(id, "/context/id", "the event's id");
    return Changes.checked(
        new Change(
            0,
            Binding.Trigger.DEPLOY,
            kind,
            Fields.bounded(service, 200, "/subject/id"),
            Fields.bounded(version, 200, "/subject/content/artifactId"),
            Fields.boundedOrNull(
                Fields.string(custom, "previousVersion"), 200, "/customData/previousVersion"),
            Fields.bounded(environment, 200, "/subject/content/environment/id"),
            null,
            null,
            Fields.bounded(source, 1000, "/context/source"),
            Fields.bounded(id, 500, "/context/id"),
            Fields.time(e.timestamp(), "/context/timestamp"),
            who,
            java.time.Instant.EPOCH,
            List.of()),
        "/context/timestamp");
  }
}
