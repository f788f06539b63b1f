package io.tollgate.testsupport

import spock.lang.Specification
import spock.util.EmbeddedSpecRunner

/** A spec whose setupSpec meets a missing component counts its features as skipped, not as none. */
class SkipWhenUnavailableSpec extends Specification {
  EmbeddedSpecRunner runner = new EmbeddedSpecRunner(throwFailure: false)

  def "an aborted setupSpec reports every feature skipped, with the reason"() {
    when:
    def result = runner.runWithImports('''
      import org.opentest4j.TestAbortedException
      class NeedsAComponent extends Specification {
        @Shared String server
        def setupSpec() { throw new TestAbortedException("postgres unavailable, spec skipped: nothing at 127.0.0.1:5432") }
        def "one"() { expect: server.length() > 0 }
        def "two"() { expect: server.length() > 0 }
        def "three #n"() { expect: n > 0; where: n << [1, 2] }
      }
    ''')

    then:
    result.testsSucceededCount == 0
    result.testsFailedCount == 0
    result.testsAbortedCount == 3
    result.testEvents().aborted().list()*.payload*.get()*.throwable*.get()*.message.every {
      it.startsWith('postgres unavailable, spec skipped')
    }
  }

  def "a setupSpec in a base spec: the lower levels do not run and meet nulls"() {
    when:
    def result = runner.runWithImports('''
      import org.opentest4j.TestAbortedException
      abstract class Base extends Specification {
        @Shared String kafka
        def setupSpec() { throw new TestAbortedException("kafka unavailable, spec skipped") }
      }
      class Lower extends Base {
        @Shared int length
        def setupSpec() { length = kafka.length() }
        def "uses both"() { expect: length > 0 }
      }
    ''')

    then:
    result.testsFailedCount == 0
    result.containerEvents().failed().count() == 0
    result.testsAbortedCount == 1
  }

  def "a required component still fails the spec"() {
    when:
    def result = runner.runWithImports('''
      class Required extends Specification {
        def setupSpec() { throw new IllegalStateException("postgres is required by TOLLGATE_TEST_REQUIRE but is unavailable") }
        def "one"() { expect: true }
      }
    ''')

    then:
    result.containerEvents().failed().count() == 1
    result.testsSucceededCount == 0
  }

  def "a spec whose components answer runs as before"() {
    when:
    def result = runner.runWithImports('''
      class Fine extends Specification {
        @Shared String server
        def setupSpec() { server = "127.0.0.1:5432" }
        def "one"() { expect: server.endsWith("5432") }
      }
    ''')

    then:
    result.testsSucceededCount == 1
    result.testsAbortedCount == 0
  }
}
