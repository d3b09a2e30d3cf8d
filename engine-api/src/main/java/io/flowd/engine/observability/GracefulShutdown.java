package io.flowd.engine.observability;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into an orderly stop that exits 0: the JVM's default handling would run
 * shutdown hooks and then exit 143. The stop runs once; a stop that throws exits 1.
 */
public final class GracefulShutdown {
  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

  private GracefulShutdown() {}

  /** Runs {@code stop} on the first SIGTERM or SIGINT, then exits the process. */
  public static void onSignal(String process, Runnable stop) {
    AtomicBoolean started = new AtomicBoolean();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            if (!started.compareAndSet(false, true)) {
              return;
            }
            Thread stopper =
                new Thread(
                    () -> {
                      LOG.info("SIG{} received: stopping the {}", signal.getName(), process);
                      int code = 0;
                      try {
                        stop.run();
                        LOG.info("{} stopped", process);
                      } catch (RuntimeException e) {
                        LOG.error("{} did not stop cleanly", process, e);
                        code = 1;
                      }
                      System.exit(code);
                    },
                    "flowd-shutdown");
            // The signal thread is a daemon; the stop must keep the JVM alive until it is done.
            stopper.setDaemon(false);
            stopper.start();
          });
    }
  }
}
