package io.flowd.worker.workflow;

import io.temporal.internal.replay.ReplayWorkflowContext;
import io.temporal.internal.replay.WorkflowContext;
import io.temporal.internal.statemachines.ExecuteActivityParameters;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;

/**
 * Gives a node's activity the node id as its Temporal activity id, so the Temporal UI names it.
 *
 * <p>Java SDK 1.38 has no public option for an activity id (sdk-java issue 86; the coming {@code
 * ActivityInvocationOptions} adds one): it fills an empty id with a deterministic UUID when the
 * command is built. This class wraps the execution's internal replay context once, and the wrapper
 * sets the id chosen by {@link #schedule} on the one activity scheduled inside it. Replace it with
 * the SDK's option when the project upgrades; {@link #check} fails the worker at start-up when a
 * new SDK removed the internals it relies on, rather than letting runs misbehave.
 */
public final class ActivityIds {
  private static final ThreadLocal<String> NEXT = new ThreadLocal<>();
  private static final Method ROOT_CONTEXT;
  private static final String SET_REPLAY_CONTEXT = "setReplayContext";

  static {
    try {
      ROOT_CONTEXT =
          Class.forName("io.temporal.internal.sync.WorkflowInternal")
              .getDeclaredMethod("getRootWorkflowContext");
      ROOT_CONTEXT.setAccessible(true);
      Class.forName("io.temporal.internal.sync.SyncWorkflowContext")
          .getMethod(SET_REPLAY_CONTEXT, ReplayWorkflowContext.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private ActivityIds() {}

  /** Fails when this SDK lacks what naming activities needs; the worker calls it at start-up. */
  public static void check() {
    // The static initialiser does the check.
  }

  /**
   * Runs {@code schedule}, which schedules one activity, giving that activity the id {@code id}.
   */
  static <R> R schedule(String id, Supplier<R> schedule) {
    install();
    NEXT.set(id);
    try {
      return schedule.get();
    } finally {
      NEXT.remove();
    }
  }

  private static void install() {
    try {
      Object root = ROOT_CONTEXT.invoke(null);
      ReplayWorkflowContext current = ((WorkflowContext) root).getReplayContext();
      if (Proxy.isProxyClass(current.getClass())
          && Proxy.getInvocationHandler(current) instanceof Naming) {
        return;
      }
      Object wrapped =
          Proxy.newProxyInstance(
              ReplayWorkflowContext.class.getClassLoader(),
              new Class<?>[] {ReplayWorkflowContext.class},
              new Naming(current));
      Method set = root.getClass().getMethod(SET_REPLAY_CONTEXT, ReplayWorkflowContext.class);
      set.setAccessible(true);
      set.invoke(root, wrapped);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot name activities with this Temporal SDK", e);
    }
  }

  /** Delegates everything; names the activity scheduled while an id is pending. */
  private record Naming(ReplayWorkflowContext delegate) implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String id = NEXT.get();
      if (id != null
          && "scheduleActivityTask".equals(method.getName())
          && args[0] instanceof ExecuteActivityParameters parameters
          && parameters.getAttributes().getActivityId().isEmpty()) {
        parameters.getAttributes().setActivityId(id);
        NEXT.remove();
      }
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
