package io.tollgate.testsupport;

import java.util.concurrent.atomic.AtomicReference;
import org.opentest4j.TestAbortedException;
import org.spockframework.runtime.extension.IGlobalExtension;
import org.spockframework.runtime.extension.IMethodInterceptor;
import org.spockframework.runtime.model.FeatureInfo;
import org.spockframework.runtime.model.MethodInfo;
import org.spockframework.runtime.model.SpecInfo;

/**
 * Makes a spec whose {@code setupSpec} finds a component missing (a {@link TestAbortedException}
 * from {@link Components#unavailable}) report every one of its features as skipped, with the
 * reason, instead of running none and counting nothing: Surefire's "Tests run: 12, Skipped: 12"
 * shows what did not run, where an aborted {@code setupSpec} alone shows "Tests run: 0".
 *
 * <p>Registered for every module's specs through {@code META-INF/services}. A required component
 * ({@code TOLLGATE_TEST_REQUIRE}) still fails the spec: that is an {@link IllegalStateException},
 * which this extension lets through.
 */
public final class SkipWhenUnavailable implements IGlobalExtension {
  @Override
  public void visitSpec(SpecInfo spec) {
    AtomicReference<TestAbortedException> aborted = new AtomicReference<>();
    IMethodInterceptor unlessAborted =
        invocation -> {
          if (aborted.get() != null) {
            return; // an upper level found a component missing: this level would meet nulls
          }
          try {
            invocation.proceed();
          } catch (TestAbortedException e) {
            aborted.set(e);
          }
        };
    // on the methods themselves: the runner reports what a fixture method throws before a
    // spec-level interceptor would see it
    for (SpecInfo level : spec.getSpecsTopToBottom()) {
      MethodInfo shared = level.getSharedInitializerMethod();
      if (shared != null) {
        shared.addInterceptor(unlessAborted);
      }
      level.getSetupSpecMethods().forEach(m -> m.addInterceptor(unlessAborted));
    }
    for (FeatureInfo feature : spec.getBottomSpec().getAllFeatures()) {
      feature.addInterceptor(
          invocation -> {
            TestAbortedException why = aborted.get();
            if (why != null) {
              throw new TestAbortedException(why.getMessage(), why);
            }
            invocation.proceed();
          });
    }
  }
}
