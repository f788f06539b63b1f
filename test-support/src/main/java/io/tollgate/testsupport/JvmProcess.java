package io.tollgate.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class on this JVM's class path, for specs that need a process they can
 * kill outright ({@link #kill()} is {@code kill -9}) or restart.
 *
 * <pre>{@code
 * try (JvmProcess child = JvmProcess.start(MyMain.class.getName(), List.of("-Xmx256m"),
 *     List.of("arg"), logFile)) {
 *   child.kill();
 * }
 * }</pre>
 */
public final class JvmProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private JvmProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with the given JVM options and arguments; output goes to {@code log}.
   */
  public static JvmProcess start(
      String mainClass, List<String> jvmOptions, List<String> args, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("OTEL_SDK_DISABLED", "true");
    try {
      return new JvmProcess(pb.start(), log);
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + mainClass, e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** {@code kill -9}: no shutdown hooks, no flushing, no goodbye to the Kafka group. */
  public void kill() {
    process.destroyForcibly();
    waitFor(30);
  }

  /** {@code kill -15}: lets shutdown hooks run. */
  public void terminate() {
    process.destroy();
    if (!waitFor(60)) {
      kill();
    }
  }

  /** Waits for the process to end; true when it did. */
  public boolean waitFor(int seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
