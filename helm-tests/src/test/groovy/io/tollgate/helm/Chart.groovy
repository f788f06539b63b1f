package io.tollgate.helm

import com.marcnuri.helm.Helm
import java.nio.file.Files
import java.nio.file.Path
import org.yaml.snakeyaml.DumperOptions
import org.yaml.snakeyaml.Yaml

/** The chart under helm/tollgate, rendered and linted by the helm library bundled in helm-java. */
final class Chart {
  static final Path ROOT = Path.of(System.getProperty('tollgate.root', '..')).toAbsolutePath().normalize()
  static final Path DIR = ROOT.resolve('helm/tollgate')
  static final String RELEASE = 'tollgate'
  static final String NAMESPACE = 'gates'
  // helm's offline default (v1.20) is older than the chart's kubeVersion
  static final String KUBE_VERSION = '1.30.0'

  private Chart() {}

  /** The example values files under helm/tollgate/examples, which docs/operations.md shows. */
  static List<String> examples() {
    Files.list(DIR.resolve('examples')).withCloseable { files ->
      files.map { it.fileName.toString() }.filter { it.endsWith('.yaml') }.sorted().toList()
    }
  }

  static Path example(String name) {
    DIR.resolve('examples').resolve(name)
  }

  /** Renders the chart with values files (in order) and --set pairs; throws on any helm error. */
  static Rendered render(List<Path> valuesFiles, Map<String, Object> sets = [:]) {
    def command = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
    valuesFiles.each { command = command.withValuesFile(it) }
    sets.each { key, value -> command = command.set(key, value) }
    new Rendered(command.call())
  }

  static Rendered render(String exampleName, Map<String, Object> sets = [:]) {
    render([example(exampleName)], sets)
  }

  /**
   * A copy of the chart whose values.yaml is the shipped one with an example merged in: helm
   * lint only reads the chart's own values.yaml, and the shipped one has no database on purpose.
   */
  static Path copyWithValues(Path target, String exampleName) {
    Files.walk(DIR).withCloseable { paths ->
      paths.each { source ->
        Path copy = target.resolve(DIR.relativize(source).toString())
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy)
        } else {
          Files.copy(source, copy)
        }
      }
    }
    Map defaults = new Yaml().load(Files.readString(DIR.resolve('values.yaml')))
    Map overrides = new Yaml().load(Files.readString(example(exampleName)))
    def options = new DumperOptions(defaultFlowStyle: DumperOptions.FlowStyle.BLOCK)
    Files.writeString(target.resolve('values.yaml'), new Yaml(options).dump(merge(defaults, overrides)))
    target
  }

  static Map merge(Map base, Map overrides) {
    Map result = new LinkedHashMap(base)
    overrides.each { key, value ->
      result[key] = (value instanceof Map && result[key] instanceof Map) ? merge(result[key] as Map, value) : value
    }
    result
  }

  /** The rendered manifests as parsed objects. */
  static final class Rendered {
    final String text
    final List<Map> objects

    Rendered(String text) {
      this.text = text
      this.objects = new Yaml().loadAll(text).findAll { it != null }.collect { it as Map }
    }

    List<Map> all(String kind) {
      objects.findAll { it.kind == kind }
    }

    Map find(String kind, String name) {
      objects.find { it.kind == kind && it.metadata.name == name }
    }

    Map get(String kind, String name) {
      Map found = find(kind, name)
      assert found != null : "no $kind $name in ${objects.collect { "$it.kind/$it.metadata.name" }}"
      found
    }

    static Map container(Map deployment) {
      deployment.spec.template.spec.containers[0] as Map
    }

    /** A container's env entries by name. */
    static Map<String, Map> env(Map deployment) {
      (container(deployment).env as List<Map>).collectEntries { [(it.name): it] }
    }

    /** Plain values a container sees: its envFrom ConfigMaps then its literal env values. */
    Map<String, String> plainEnv(Map deployment) {
      Map<String, String> values = [:]
      container(deployment).envFrom.each { source ->
        values.putAll(get('ConfigMap', source.configMapRef.name).data ?: [:])
      }
      env(deployment).each { name, entry ->
        if (entry.containsKey('value')) {
          values[name] = entry.value
        }
      }
      values
    }
  }
}
