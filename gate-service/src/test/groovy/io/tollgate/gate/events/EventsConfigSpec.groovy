package io.tollgate.gate.events

import io.micronaut.context.ApplicationContext
import io.micronaut.context.env.PropertySource
import io.micronaut.context.env.yaml.YamlPropertySourceLoader
import io.tollgate.rules.model.Outcome
import java.nio.file.Path
import spock.lang.Specification

/**
 * The events configuration as operators write it: the documented YAML binds (a list of webhooks,
 * placeholders for secrets, defaults), and a mistake stops the service with the setting named.
 */
class EventsConfigSpec extends Specification {

  static Map<String, Object> documentedYaml() {
    def doc = Path.of("../docs/integrations.md").text
    def m = doc =~ /(?s)```yaml\n(# application.yml \(or MICRONAUT_CONFIG_FILES[^\n]*\n.*?)\n```/
    assert m.find()
    // the docs read the secret from an environment variable; a spec cannot set one, so the same
    // placeholder names a property here (Micronaut resolves both alike)
    def yaml = m.group(1).replace('${DEPLOY_BOT_SECRET}', '${deploy.bot.secret}')
    assert yaml != m.group(1)
    new YamlPropertySourceLoader().read("events", new ByteArrayInputStream(yaml.getBytes("UTF-8")))
  }

  void "the documented configuration binds: Kafka, a structured signed webhook and a Slack channel for FAIL and ERROR"() {
    given:
    def context = ApplicationContext.builder()
        .environments("test")
        .propertySources(PropertySource.of("events", documentedYaml()))
        .properties(["deploy.bot.secret": "from-a-secret"])
        .start()

    when:
    def destinations = context.getBean(Destinations)
    def webhooks = context.getBeansOfType(WebhookProperties).sort { it.name() }
    def kafka = context.getBean(KafkaEventsProperties)

    then:
    kafka.topic() == "tollgate.decisions"
    kafka.mode() == Mode.BINARY
    kafka.key() == KafkaEventsProperties.Key.GATE
    webhooks*.name() == ["deploy-bot", "releases-channel"]
    webhooks[0].mode() == Mode.STRUCTURED
    webhooks[0].secret() == "from-a-secret"
    webhooks[1].format() == Format.SLACK
    destinations.all(EventType.DECISION, Outcome.FAIL)*.name() as Set == ["kafka", "webhook:deploy-bot", "webhook:releases-channel"] as Set
    destinations.all(EventType.DECISION, Outcome.PASS)*.name() as Set == ["kafka", "webhook:deploy-bot"] as Set
    destinations.all(EventType.OVERRIDE, Outcome.PASS)*.name() as Set == ["kafka", "webhook:deploy-bot"] as Set
    context.getBean(EventsProperties).publicUrl() == "https://tollgate.example.com"

    cleanup:
    context?.close()
  }

  void "with nothing configured there is no destination"() {
    given:
    def context = ApplicationContext.builder().environments("test").start()

    expect:
    context.getBean(Destinations).none()

    cleanup:
    context?.close()
  }

  void "a mistake in the events settings stops the start with the setting named: #says"() {
    when:
    def context = ApplicationContext.builder().environments("test").properties(properties).start()
    context.getBean(Destinations)
    context.close()

    then:
    def e = thrown(Exception)
    messages(e).contains(says)

    where:
    properties                                                                                  || says
    ["tollgate.events.webhooks[0].url": "ftp://example.com/x"]                                  || "tollgate.events.webhooks[0].url must be an absolute http or https URL"
    ["tollgate.events.webhooks[0].url": "https://a.example.com/1",
     "tollgate.events.webhooks[1].url": "https://a.example.com/2"]                              || "two webhooks are named 'a.example.com'"
    ["tollgate.events.webhooks[0].url": "https://a.example.com", 
     "tollgate.events.webhooks[0].outcomes": "FAIL,MAYBE"]                                      || "'MAYBE' is not one of"
    ["tollgate.events.kafka.topic": "decisions"]                                                || "tollgate.events.kafka.bootstrap-servers must be set"
    ["tollgate.events.webhooks[0].url": "https://a.example.com",
     "tollgate.events.webhooks[0].timeout": "2m"]                                               || "tollgate.events.lease must exceed the longest send timeout"
    ["tollgate.events.max-attempts": "0"]                                                       || "tollgate.events.max-attempts must be between 1 and 100"
  }

  static String messages(Throwable e) {
    def out = new StringBuilder()
    for (Throwable t = e; t != null; t = t.cause) {
      out.append(t.message).append('\n')
    }
    out.toString()
  }
}
