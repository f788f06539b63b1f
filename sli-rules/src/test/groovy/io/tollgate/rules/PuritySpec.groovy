package io.tollgate.rules

import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification

/**
 * The judge is a pure function of (gate, observations): no clock reads, no I/O, no framework.
 * The enforcer bans the dependencies; this spec bans the calls.
 */
class PuritySpec extends Specification {
  static final List<String> BANNED = [
      'Instant.now(', 'System.currentTimeMillis(', 'System.nanoTime(', 'LocalDateTime.now(',
      'LocalDate.now(', 'ZonedDateTime.now(', 'OffsetDateTime.now(', 'Clock.system',
      'new Date()', 'java.io.File', 'java.nio.file', 'java.net.', 'Thread.sleep(', 'new Random(',
      'Math.random(']

  void "main sources of sli-rules read no clock, no files, no network and no unseeded randomness"() {
    given:
    def sources = Files.walk(Path.of('src/main/java')).filter { it.toString().endsWith('.java') }.toList()

    when:
    def offences = sources.collectMany { file ->
      def text = Files.readString(file)
      BANNED.findAll { text.contains(it) }.collect { "${file}: ${it}" }
    }

    then:
    sources.size() > 50
    offences.isEmpty()
  }
}
