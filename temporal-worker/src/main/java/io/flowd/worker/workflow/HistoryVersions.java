package io.flowd.worker.workflow;

import io.temporal.workflow.Workflow;

/**
 * The version gates of old histories, in one place. Each change id below is a {@link
 * Workflow#getVersion} marker recorded in run histories; a run started before a change replays down
 * the old branch. The ids and their numbers are frozen: renaming one, or moving a gate to another
 * point of the run, breaks the replay of committed histories. A new behaviour change adds a change
 * id (or a version of an existing one) here, and a replay test of a history from before it.
 *
 * <p>The gates a run reads when it starts are kept per run in an instance; the others are read
 * where their behaviour happens, by the static methods below.
 */
final class HistoryVersions {
  /**
   * Version 1 of {@code flowd-interpreter} added control nodes (terminate, wait_for_input,
   * trigger_workflow, iterator) and the claim check (pure nodes touching references run as
   * activities; large pure outputs are stored). Before, control nodes ran as activities.
   */
  static final String INTERPRETER_CHANGE_ID = "flowd-interpreter";

  /** The version of {@link #INTERPRETER_CHANGE_ID} that added control nodes and the claim check. */
  static final int CONTROL_NODES = 1;

  /**
   * What makes a run readable: node activities carry the node id as activity id, and activities,
   * timers, waits, child runs and log writes carry summaries; the run's result and its waits (with
   * rendered prompts) are written to PostgreSQL; an error output keeps the details its activity
   * gave (an HTTP error's status and body). The iterator workflow reads it too, for its summaries.
   */
  static final String VIEW_CHANGE_ID = "flowd-run-view";

  /** The version of {@link #VIEW_CHANGE_ID} that added all of it. */
  static final int RUN_VIEW = 1;

  /**
   * The version of {@link #VIEW_CHANGE_ID} that folds the run's bookkeeping into two writes: the
   * first log flush also marks the run running, and the last logs travel with the terminal status.
   */
  static final int FOLDED_BOOKKEEPING = 2;

  /**
   * JSONata expressions: from version 1 on, a string that is exactly {@code {{= ... }}} is
   * evaluated instead of staying text. Only runs whose graph holds an expression record the marker,
   * so other histories replay as before.
   */
  static final String EXPRESSIONS_CHANGE_ID = "flowd-expressions";

  /** The version of {@link #EXPRESSIONS_CHANGE_ID} that evaluates {@code {{= }}} expressions. */
  static final int EXPRESSIONS = 1;

  /**
   * The run timeout ({@code timeout_seconds} of the workflow). Runs without a timeout record no
   * marker, so their histories replay as before.
   */
  static final String RUN_TIMEOUT_CHANGE_ID = "flowd-run-timeout";

  /** The version of {@link #RUN_TIMEOUT_CHANGE_ID} that added the run timeout. */
  static final int RUN_TIMEOUT = 1;

  /**
   * The bookkeeping failure path: version 1 records a run whose bookkeeping write gave up as {@code
   * failed} instead of leaving its row open. Read only when a bookkeeping write gave up.
   */
  static final String BOOKKEEPING_CHANGE_ID = "flowd-bookkeeping-failure";

  /** The version of {@link #BOOKKEEPING_CHANGE_ID} that fails the run. */
  static final int BOOKKEEPING_FAILS_RUN = 1;

  /** {@code wait_for_event}: before version 1 a run does not know the node. */
  static final String EVENT_WAITS_CHANGE_ID = "flowd-wait-for-event";

  /** The first version of {@link #EVENT_WAITS_CHANGE_ID} with {@code wait_for_event}. */
  static final int EVENTS = 1;

  /**
   * Child start options: from version 1 on they come from {@code RunLaunch}, whose summary, memo
   * and search attributes every run carries. Read only for children with a launch plan.
   */
  static final String CHILD_LAUNCH_CHANGE_ID = "child-run-launch";

  /** The version of {@link #CHILD_LAUNCH_CHANGE_ID} that starts children like every run. */
  static final int CHILD_LAUNCH = 1;

  /**
   * Closing a fan-out that ended early: version 1 marks the batch's never-started children
   * cancelled, so none stays {@code pending}.
   */
  static final String CLOSE_UNSTARTED_CHANGE_ID = "flowd-iterator-close-unstarted";

  /** The version of {@link #CLOSE_UNSTARTED_CHANGE_ID} that closes unstarted children. */
  static final int CLOSE_UNSTARTED = 1;

  /**
   * The node activity's recording time: from version 1 on, an attempt gets two minutes beyond the
   * node's timeout (the activity itself ends the node's work at the timeout), so an attempt whose
   * call succeeded while PostgreSQL restarts still logs its success before Temporal gives up on it
   * and starts an attempt that would call the peer again. Before, it got five seconds.
   */
  static final String RECORDING_GRACE_CHANGE_ID = "flowd-node-recording-grace";

  /** The version of {@link #RECORDING_GRACE_CHANGE_ID} with the longer recording time. */
  static final int RECORDING_GRACE = 1;

  /**
   * The iterator's node log: from version 1 on it holds a summary (items, child runs by status, the
   * address of their list) instead of every child's output. Read only for iterator nodes.
   */
  static final String ITERATOR_LOG_CHANGE_ID = "flowd-iterator-log";

  /** The version of {@link #ITERATOR_LOG_CHANGE_ID} that logs the summary. */
  static final int ITERATOR_SUMMARY_LOG = 1;

  /**
   * One marker for a new run's gates: from version 1 on, the run records this marker alone instead
   * of {@link #INTERPRETER_CHANGE_ID}, {@link #VIEW_CHANGE_ID}, {@link #RECORDING_GRACE_CHANGE_ID},
   * {@link #RUN_TIMEOUT_CHANGE_ID} and {@link #BOOKKEEPING_CHANGE_ID}, and takes each at the
   * version named below. Runs recorded before it read those markers as before.
   */
  static final String RUN_CHANGE_ID = "flowd-run";

  /**
   * The version of {@link #RUN_CHANGE_ID} that stands for control nodes, {@link
   * #FOLDED_BOOKKEEPING}, the recording grace, the run timeout and the bookkeeping failure path,
   * and lets the run's first write travel with its first node activity.
   */
  static final int LEAN_RUN = 1;

  private final int interpreter;
  private final int view;
  private final int lean;
  private int expressions = Workflow.DEFAULT_VERSION;

  private HistoryVersions(int interpreter, int view, int lean) {
    this.interpreter = interpreter;
    this.view = view;
    this.lean = lean;
  }

  /**
   * Reads the gates of a run's start: {@link #RUN_CHANGE_ID}, or for runs recorded before it, in
   * the order they have always recorded them, the interpreter and the run view; then the
   * expressions when the graph holds one.
   */
  static HistoryVersions atRunStart(boolean usesExpressions) {
    int lean = Workflow.getVersion(RUN_CHANGE_ID, Workflow.DEFAULT_VERSION, LEAN_RUN);
    HistoryVersions versions =
        lean >= LEAN_RUN
            ? new HistoryVersions(CONTROL_NODES, FOLDED_BOOKKEEPING, lean)
            : new HistoryVersions(
                Workflow.getVersion(INTERPRETER_CHANGE_ID, Workflow.DEFAULT_VERSION, CONTROL_NODES),
                Workflow.getVersion(VIEW_CHANGE_ID, Workflow.DEFAULT_VERSION, FOLDED_BOOKKEEPING),
                lean);
    if (usesExpressions) {
      versions.expressions =
          Workflow.getVersion(EXPRESSIONS_CHANGE_ID, Workflow.DEFAULT_VERSION, EXPRESSIONS);
    }
    return versions;
  }

  /** Returns a run's gates before it read them: every one at its oldest branch. */
  static HistoryVersions unread() {
    return new HistoryVersions(
        Workflow.DEFAULT_VERSION, Workflow.DEFAULT_VERSION, Workflow.DEFAULT_VERSION);
  }

  /** Whether control nodes run in workflow code and the claim check applies. */
  boolean controlNodes() {
    return interpreter >= CONTROL_NODES;
  }

  /** Whether the run is readable: summaries, activity ids, result and waits in PostgreSQL. */
  boolean viewed() {
    return view >= RUN_VIEW;
  }

  /** Whether the run's bookkeeping is folded into its first and last writes. */
  boolean folded() {
    return view >= FOLDED_BOOKKEEPING;
  }

  /**
   * Whether the run reads its gates from the one {@link #RUN_CHANGE_ID} marker, and its first write
   * may travel with its first node activity.
   */
  boolean lean() {
    return lean >= LEAN_RUN;
  }

  /** Reads, before a node activity starts, whether it gets the longer recording time. */
  boolean nodeRecordingGrace() {
    return lean() || recordingGrace();
  }

  /** Reads whether the run has a timeout; call only for a run with {@code timeout_seconds}. */
  boolean runTimeoutGate() {
    return lean() || runTimeout();
  }

  /** Reads whether a bookkeeping write that gave up fails the run. */
  boolean bookkeepingFailureFailsRun() {
    return lean() || bookkeepingFailsRun();
  }

  /** Whether {@code {{= }}} strings are evaluated as expressions. */
  boolean expressions() {
    return expressions >= EXPRESSIONS;
  }

  /** Reads whether the run has a timeout; call only for a run with {@code timeout_seconds}. */
  static boolean runTimeout() {
    return Workflow.getVersion(RUN_TIMEOUT_CHANGE_ID, Workflow.DEFAULT_VERSION, RUN_TIMEOUT)
        >= RUN_TIMEOUT;
  }

  /** Reads whether a bookkeeping write that gave up fails the run. */
  static boolean bookkeepingFailsRun() {
    return Workflow.getVersion(
            BOOKKEEPING_CHANGE_ID, Workflow.DEFAULT_VERSION, BOOKKEEPING_FAILS_RUN)
        >= BOOKKEEPING_FAILS_RUN;
  }

  /** Reads whether the run knows {@code wait_for_event}. */
  static boolean eventWaits() {
    return Workflow.getVersion(EVENT_WAITS_CHANGE_ID, Workflow.DEFAULT_VERSION, EVENTS) >= EVENTS;
  }

  /** Reads whether a child run starts with the options of every run. */
  static boolean childLaunch() {
    return Workflow.getVersion(CHILD_LAUNCH_CHANGE_ID, Workflow.DEFAULT_VERSION, CHILD_LAUNCH)
        >= CHILD_LAUNCH;
  }

  /** Reads, before a node activity starts, whether it gets the longer recording time. */
  static boolean recordingGrace() {
    return Workflow.getVersion(RECORDING_GRACE_CHANGE_ID, Workflow.DEFAULT_VERSION, RECORDING_GRACE)
        >= RECORDING_GRACE;
  }

  /** Reads, when an iterator node succeeded, whether its log holds the summary. */
  static boolean iteratorSummaryLog() {
    return Workflow.getVersion(
            ITERATOR_LOG_CHANGE_ID, Workflow.DEFAULT_VERSION, ITERATOR_SUMMARY_LOG)
        >= ITERATOR_SUMMARY_LOG;
  }

  /** Reads, in the iterator workflow, whether its activities carry summaries. */
  static boolean iteratorViewed() {
    return Workflow.getVersion(VIEW_CHANGE_ID, Workflow.DEFAULT_VERSION, RUN_VIEW) >= RUN_VIEW;
  }

  /** Reads, in the iterator workflow, whether a fan-out that ended early closes its unstarted. */
  static boolean closeUnstarted() {
    return Workflow.getVersion(CLOSE_UNSTARTED_CHANGE_ID, Workflow.DEFAULT_VERSION, CLOSE_UNSTARTED)
        >= CLOSE_UNSTARTED;
  }
}
