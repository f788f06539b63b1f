package io.tollgate.testsupport

import org.opentest4j.TestAbortedException
import spock.lang.Specification

class ComponentsSpec extends Specification {

  def cleanup() {
    System.clearProperty("tollgate.test.require")
  }

  void "a missing component skips the spec unless it is required"() {
    given:
    System.setProperty("tollgate.test.require", require)

    when:
    def e = Components.unavailable("prometheus", "not installed", null)

    then:
    e.class == expected
    e.message.contains("not installed")

    where:
    require                     || expected
    ""                          || TestAbortedException
    "kafka,postgres"            || TestAbortedException
    "kafka, Prometheus"         || IllegalStateException
    "all"                       || IllegalStateException
  }
}
