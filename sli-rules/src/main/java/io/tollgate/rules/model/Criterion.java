package io.tollgate.rules.model;

/** How one SLI is judged. A closed set: each kind documents what it reads from the observations. */
public sealed interface Criterion permits Absolute, VsBaseline, VsHistory, Statistical, Budget {

  /** The criterion kind as written in YAML ({@code absolute}, {@code vsBaseline}, ...). */
  String kind();
}
