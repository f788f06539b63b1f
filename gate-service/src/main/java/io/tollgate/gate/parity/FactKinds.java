package io.tollgate.gate.parity;

import io.tollgate.rules.model.Parity.FactKind;

/** Which kind of fact a stored fact name is (the names ingest's {@code FactCollector} writes). */
final class FactKinds {
  static final String SERVICE_DEPENDENCY = "dependency.service/";
  static final String ADDRESS_DEPENDENCY = "dependency.address/";

  private FactKinds() {}

  static FactKind of(String fact) {
    if (fact.equals("service.version")) {
      return FactKind.VERSION;
    }
    if (fact.startsWith("process.runtime.")) {
      return FactKind.RUNTIME;
    }
    if (fact.startsWith("telemetry.")) {
      // telemetry.sdk.*, and the distribution around it: telemetry.distro.*, telemetry.auto.version
      return FactKind.SDK;
    }
    if (fact.startsWith("os.") || fact.equals("host.arch")) {
      return FactKind.OS;
    }
    if (fact.startsWith("container.")) {
      return FactKind.CONTAINER;
    }
    if (fact.startsWith("dependency.")) {
      return FactKind.DEPENDENCY;
    }
    return FactKind.FEATURE_FLAG;
  }

  /** The service a dependency fact names, when it may be an ingested service; else null. */
  static String calledService(String fact) {
    if (fact.startsWith(SERVICE_DEPENDENCY)) {
      return fact.substring(SERVICE_DEPENDENCY.length());
    }
    if (fact.startsWith(ADDRESS_DEPENDENCY)) {
      // a cluster address names the service first: payments.shop.svc.cluster.local
      String host = fact.substring(ADDRESS_DEPENDENCY.length());
      int dot = host.indexOf('.');
      return dot > 0 ? host.substring(0, dot) : host;
    }
    return null;
  }
}
