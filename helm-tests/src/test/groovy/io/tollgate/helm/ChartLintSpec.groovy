package io.tollgate.helm

import com.marcnuri.helm.Helm
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

class ChartLintSpec extends Specification {

  @TempDir
  Path tmp

  void "the chart as shipped passes strict lint"() {
    when:
    def result = new Helm(Chart.DIR).lint().strict().call()

    then:
    !result.failed
    result.messages.every { !it.startsWith('[ERROR]') && !it.startsWith('[WARNING]') }
  }

  void "the chart passes strict lint with the example values #example"() {
    given:
    def chart = Chart.copyWithValues(tmp.resolve('tollgate'), example)

    when:
    def result = new Helm(chart).lint().strict().call()

    then:
    !result.failed
    result.messages.every { !it.startsWith('[ERROR]') && !it.startsWith('[WARNING]') }

    where:
    example << Chart.examples()
  }
}

