package io.flowd.worker.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityExecutionContext;
import java.lang.reflect.Proxy;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeartbeatsTest {

  /**
   * On SIGTERM the SDK shuts its heartbeat executor down first, so a beat is refused with {@link
   * RejectedExecutionException}: the node in flight must finish and count as done, not as a failed
   * attempt that Temporal would call again.
   */
  @Test
  void a_heartbeat_refused_by_a_stopping_worker_lets_the_node_finish_and_returns_its_result() {
    AtomicInteger beats = new AtomicInteger();
    ActivityExecutionContext stopping =
        (ActivityExecutionContext)
            Proxy.newProxyInstance(
                ActivityExecutionContext.class.getClassLoader(),
                new Class<?>[] {ActivityExecutionContext.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("heartbeat")) {
                    beats.incrementAndGet();
                    throw new RejectedExecutionException("heartbeat executor is shut down");
                  }
                  throw new UnsupportedOperationException(method.getName());
                });

    String result =
        Heartbeats.call(
            stopping,
            () -> {
              try {
                Thread.sleep(1_500);
              } catch (InterruptedException e) {
                throw new IllegalStateException("the node was interrupted", e);
              }
              return "called once";
            });

    assertThat(result).isEqualTo("called once");
    assertThat(beats.get()).isEqualTo(1);
  }
}
