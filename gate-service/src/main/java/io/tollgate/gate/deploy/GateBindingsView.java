package io.tollgate.gate.deploy;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.List;

/** A gate's bindings as the API and the gate page show them. */
@Singleton
public final class GateBindingsView {
  private final BindingStore store;

  GateBindingsView(BindingStore store) {
    this.store = store;
  }

  /** The gate's bindings, one per service, in the order they were stored. */
  public List<StoredBinding.View> of(String gate) {
    try {
      return store.ofGate(gate).stream().map(StoredBinding::view).toList();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the bindings of gate " + gate, e);
    }
  }
}
