package io.tollgate.gate.security;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A publisher of at most one value, computed by a blocking call on {@code executor} when first
 * requested: empty when the call answers {@link Optional#empty()}.
 */
final class Offloaded<T> implements Publisher<T> {
  private final Supplier<Optional<T>> call;
  private final Executor executor;

  Offloaded(Supplier<Optional<T>> call, Executor executor) {
    this.call = call;
    this.executor = executor;
  }

  @Override
  public void subscribe(Subscriber<? super T> subscriber) {
    AtomicBoolean started = new AtomicBoolean();
    AtomicBoolean cancelled = new AtomicBoolean();
    subscriber.onSubscribe(
        new Subscription() {
          @Override
          public void request(long n) {
            if (n <= 0 || !started.compareAndSet(false, true)) {
              return;
            }
            CompletableFuture.supplyAsync(call, executor)
                .whenComplete(
                    (value, error) -> {
                      if (cancelled.get()) {
                        return;
                      }
                      if (error != null) {
                        subscriber.onError(error);
                        return;
                      }
                      value.ifPresent(subscriber::onNext);
                      subscriber.onComplete();
                    });
          }

          @Override
          public void cancel() {
            cancelled.set(true);
          }
        });
  }
}
