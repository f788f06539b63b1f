package io.tollgate.helm

import java.nio.file.Files
import spock.lang.Shared
import spock.lang.Specification

/**
 * The Dockerfile cannot be built here (no container engine), so its contract with the build and
 * the chart is checked as text: the jar it copies, the user it runs as, the port it exposes.
 */
class ContainerImageSpec extends Specification {

  @Shared
  List<String> dockerfile = Files.readAllLines(Chart.ROOT.resolve('Dockerfile')).findAll { it && !it.startsWith('#') }

  @Shared
  Map values = new org.yaml.snakeyaml.Yaml().load(Files.readString(Chart.DIR.resolve('values.yaml')))

  void "the image copies the jar gate-service builds and runs it"() {
    given:
    def pom = new groovy.xml.XmlSlurper().parse(Chart.ROOT.resolve('gate-service/pom.xml').toFile())

    expect:
    pom.build.finalName.text() == 'tollgate'
    dockerfile.contains('COPY gate-service/target/tollgate.jar /app/tollgate.jar')
    dockerfile.last() == 'ENTRYPOINT ["java", "-jar", "/app/tollgate.jar"]'
    Files.readAllLines(Chart.ROOT.resolve('.dockerignore')).contains('!gate-service/target/tollgate.jar')
  }

  void "the image is a Temurin JRE of at least Java 17"() {
    when:
    def from = dockerfile.find { it.startsWith('FROM ') }
    def version = (from =~ /^FROM eclipse-temurin:(\d+)-jre/)

    then:
    version.find()
    (version.group(1) as int) >= 17
  }

  void "the image runs as the numeric non-root user the chart expects, on the port the chart probes"() {
    expect:
    dockerfile.contains("USER ${values.podSecurityContext.runAsUser}:${values.podSecurityContext.runAsGroup}".toString())
    values.podSecurityContext.runAsUser != 0
    dockerfile.contains('EXPOSE 8080')
    Chart.render('minimal.yaml').all('Deployment').every { it.spec.template.spec.containers[0].ports[0].containerPort == 8080 }
  }

  void "the data directory the chart mounts is the image's working directory's data"() {
    expect:
    dockerfile.contains('WORKDIR /app')
    Chart.render('minimal.yaml').all('Deployment').every { d ->
      d.spec.template.spec.containers[0].volumeMounts.any { it.name == 'data' && it.mountPath == '/app/data' }
    }
  }
}
