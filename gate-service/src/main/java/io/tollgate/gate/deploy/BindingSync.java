package io.tollgate.gate.deploy;

import io.micronaut.runtime.event.annotation.EventListener;
import io.tollgate.gate.gates.GateSaved;
import io.tollgate.rules.model.Binding;
import io.tollgate.rules.parse.GateBindings;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a gate's YAML bindings in {@code gate_binding}: a new version's {@code spec.bindings}
 * replace the previous version's, in the transaction that saves the version.
 */
@Singleton
final class BindingSync {
  private final BindingStore store;
  private final Clock clock;

  BindingSync(BindingStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @EventListener
  void saved(GateSaved saved) {
    Instant now = clock.instant();
    List<StoredBinding> rows = new ArrayList<>();
    for (Binding b : GateBindings.read(saved.gate() + ".yaml", saved.document())) {
      Instant next =
          b.trigger() == Binding.Trigger.SCHEDULE
              ? Schedule.next(b.trigger(), b.every(), b.cron().orElse(null), now)
              : null;
      rows.addAll(
          StoredBinding.of(saved.gate(), StoredBinding.Origin.YAML, b, next, saved.author(), now));
    }
    try {
      store.replace(saved.gate(), StoredBinding.Origin.YAML, rows);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store the bindings of gate " + saved.gate(), e);
    }
  }
}
