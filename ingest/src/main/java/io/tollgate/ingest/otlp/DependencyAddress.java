package io.tollgate.ingest.otlp;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name a client span's peer address gives a dependency, the same in every environment that
 * calls it: a Kubernetes service name without its namespace ({@code
 * payments.shop-staging.svc.cluster.local} and {@code payments.shop-prod.svc} are both {@code
 * payments}), other host names lower-cased as they are, and nothing for an IP address, which names
 * one instance rather than a service.
 *
 * <pre>{@code
 * DependencyAddress.of("orders-db.prod.svc.cluster.local"); // "orders-db"
 * DependencyAddress.fromUrl("http://payments:8080/pay");     // "payments"
 * DependencyAddress.of("10.0.3.7");                          // null
 * }</pre>
 */
final class DependencyAddress {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private DependencyAddress() {}

  /** The dependency an address ({@code server.address}, {@code net.peer.name}) names, or null. */
  static String of(String address) {
    if (address == null) {
      return null;
    }
    String host = address.strip().toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.isEmpty() || host.indexOf(':') >= 0 || IPV4.matcher(host).matches()) {
      return null;
    }
    String[] labels = host.split("\\.", 4);
    if (labels.length >= 3 && labels[2].equals("svc") && !labels[0].isEmpty()) {
      return labels[0];
    }
    return host;
  }

  /** The dependency the host of a URL ({@code url.full}, the older {@code http.url}) names. */
  static String fromUrl(String url) {
    if (url == null) {
      return null;
    }
    try {
      return of(URI.create(url.strip()).getHost());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
