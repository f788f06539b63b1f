package io.tollgate.gate.ingest

import spock.lang.Specification

/** The flag keys as settings give them: a comma-separated environment variable, possibly empty. */
class FlagPropertiesSpec extends Specification {

  void "keys #keys give the mapping's keys #expected"() {
    expect:
    new FlagProperties(keys, 10).mapping().keys() == expected as Set

    where:
    keys                          || expected
    null                          || []
    [""]                          || []      // the chart's TOLLGATE_INGEST_FLAGS_KEYS="" when no flag is listed
    [" new-checkout ", "", "dark"] || ["new-checkout", "dark"]
    ["a", "a"]                    || ["a"]
  }

  void "a bad setting stops the start and says which setting"() {
    when:
    new FlagProperties(["x" * 513], 10).mapping()

    then:
    def e = thrown(IllegalStateException)
    e.message.startsWith("tollgate.ingest.flags: ")
  }
}
