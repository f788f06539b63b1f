package io.tollgate.ingest.testrun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the attempts of one test into one case. Gradle with a retry plugin and its default {@code
 * mergeReruns = false} writes every attempt as its own {@code testcase} with the same suite,
 * classname and name: a test that failed and then passed is one flaky test, not a failure and a
 * pass; a test that failed on every attempt is one failure.
 */
final class Attempts {
  private Attempts() {}

  static List<TestCase> merge(List<TestCase> cases) {
    Map<List<String>, List<TestCase>> byTest = new LinkedHashMap<>();
    for (TestCase c : cases) {
      byTest
          .computeIfAbsent(List.of(c.suite(), c.className(), c.name()), k -> new ArrayList<>(1))
          .add(c);
    }
    if (byTest.size() == cases.size()) {
      return cases;
    }
    List<TestCase> out = new ArrayList<>(byTest.size());
    for (List<TestCase> attempts : byTest.values()) {
      out.add(attempts.size() == 1 ? attempts.get(0) : fold(attempts));
    }
    return out;
  }

  private static TestCase fold(List<TestCase> attempts) {
    TestCase firstFailure = null;
    boolean passed = false;
    boolean ran = false;
    double time = 0;
    int reruns = attempts.size() - 1;
    for (TestCase a : attempts) {
      time += a.timeSeconds();
      reruns += a.reruns();
      switch (a.status()) {
        case PASSED, FLAKY -> {
          passed = true;
          ran = true;
          if (a.status() == TestCase.Status.FLAKY && firstFailure == null) {
            firstFailure = a;
          }
        }
        case FAILED, ERROR -> {
          ran = true;
          if (firstFailure == null) {
            firstFailure = a;
          }
        }
        case SKIPPED -> {
          // an attempt that did not run says nothing about the outcome
        }
      }
    }
    TestCase last = attempts.get(attempts.size() - 1);
    TestCase.Status status;
    if (!ran) {
      status = TestCase.Status.SKIPPED;
    } else if (passed) {
      status = firstFailure == null ? TestCase.Status.PASSED : TestCase.Status.FLAKY;
    } else {
      status = lastRun(attempts).status();
    }
    TestCase detail = firstFailure == null ? last : firstFailure;
    boolean failed = status == TestCase.Status.FAILED || status == TestCase.Status.ERROR;
    return new TestCase(
        last.suite(),
        last.className(),
        last.name(),
        status,
        time,
        detail.failureType(),
        detail.failureMessage(),
        detail.failureText(),
        reruns,
        failed || status == TestCase.Status.SKIPPED ? 0 : 1,
        failed ? 1 : 0);
  }

  private static TestCase lastRun(List<TestCase> attempts) {
    for (int i = attempts.size() - 1; i >= 0; i--) {
      if (attempts.get(i).status() != TestCase.Status.SKIPPED) {
        return attempts.get(i);
      }
    }
    return attempts.get(attempts.size() - 1);
  }
}
