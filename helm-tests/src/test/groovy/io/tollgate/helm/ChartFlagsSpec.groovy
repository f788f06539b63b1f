package io.tollgate.helm

import spock.lang.Specification

/** The feature-flag variants ingest keeps are set on the ingest role from kafka.featureFlags. */
class ChartFlagsSpec extends Specification {

  void "kafka.featureFlags reach the ingest role's environment"() {
    when:
    def chart = Chart.render('minimal.yaml', ['kafka.featureFlags.keys[0]': 'new-checkout', 'kafka.featureFlags.keys[1]': 'dark-mode',
                                              'kafka.featureFlags.maxVariants': 4])
    def data = chart.get('ConfigMap', 'tollgate-ingest').data

    then:
    data.TOLLGATE_INGEST_FLAGS_KEYS == 'new-checkout,dark-mode'
    data.TOLLGATE_INGEST_FLAGS_MAX_VARIANTS == '4'
  }

  void "by default no flag is kept"() {
    when:
    def data = Chart.render('minimal.yaml').get('ConfigMap', 'tollgate-ingest').data

    then:
    data.TOLLGATE_INGEST_FLAGS_KEYS == ''
    data.TOLLGATE_INGEST_FLAGS_MAX_VARIANTS == '10'
  }
}
