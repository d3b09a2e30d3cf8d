package io.flowd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.engine.workflow.RunResult;
import io.flowd.model.Json;
import io.flowd.model.Run;
import io.flowd.model.template.Templates;
import io.flowd.nodes.components.DataMapperHandler;
import io.flowd.nodes.payload.PayloadStore;
import io.flowd.store.RunDao;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.testservice.v1.LockTimeSkippingRequest;
import io.temporal.api.testservice.v1.UnlockTimeSkippingRequest;
import io.temporal.client.WorkflowStub;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The benchmark of issues 7 and 13: flowd against the same graph written by hand as a Temporal
 * workflow, each side in processes of its own and driven from this one. Run it with {@code ./bench}
 * (see BENCHMARKS.md); it prints a table per target with the verdict.
 */
public final class BenchMain {
  /** Temporal's hard limit of events in one execution's history. */
  private static final int HISTORY_EVENT_LIMIT = 51_200;

  private static final int P5_DEADLINE_MINUTES = 60;

  private final BenchOptions options;
  private final Report report = new Report();
  private final List<String> rawStarted = Collections.synchronizedList(new ArrayList<>());
  private RemoteStack remote;
  private BenchStack stack;

  private BenchMain(BenchOptions options) {
    this.options = options;
  }

  /** Starts the processes, measures P1 to P6, prints the table and drops the databases. */
  public static void main(String[] args) {
    try {
      run(args);
      System.exit(0);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args, System.getenv());
    Path dir =
        Path.of("benchmarks", "target", "bench-runs", String.valueOf(System.currentTimeMillis()))
            .toAbsolutePath();
    Files.createDirectories(dir);
    log("options " + options);
    log("process logs and recordings in " + dir);
    BenchMain bench = new BenchMain(options);
    String loadBefore = loadAverage();
    if (options.has("p1") || options.has("p2") || options.has("p6") || options.has("p9")) {
      try (RemoteStack remote =
          RemoteStack.open(
              options,
              dir,
              new JdkVariant(System.getProperty("java.home"), "", ""),
              System.getProperty("java.class.path"))) {
        bench.remote = remote;
        log(
            "flowd pid "
                + remote.flowd().pid()
                + "; processes: "
                + describe(remote.flowdProcs)
                + " | "
                + describe(remote.rawProcs));
        bench.warmUp();
        for (int i = 1; i <= options.repeats(); i++) {
          log("repeat " + i + " of " + options.repeats());
          if (options.has("p1")) {
            bench.p1(i == 1 && options.profile() ? dir.resolve("flowd-p1.jfr") : null);
          }
          if (options.has("p2")) {
            bench.p2(i == 1 && options.profile() ? dir.resolve("flowd-p2.jfr") : null);
          }
        }
        if (options.has("p2") && !options.sweep().isEmpty()) {
          bench.sweep();
        }
        if (options.has("p6")) {
          bench.p6();
        }
        if (options.has("p9")) {
          bench.p9();
        }
        bench.report.note(
            "webhook sink received " + remote.sink.hits() + " POSTs (one per standard run)");
      }
    }
    if (options.has("pj")) {
      bench.compareJdks(dir);
    }
    if (options.has("pb")) {
      bench.compareBuilds(dir);
    }
    if (options.has("pt")) {
      bench.compareTracing(dir);
    }
    if (options.has("pa")) {
      bench.compareAcceptVariants(dir);
    }
    if (options.has("p3") || options.has("p4") || options.has("p5")) {
      try (BenchStack stack = new BenchStack(options)) {
        bench.stack = stack;
        if (options.has("p3")) {
          bench.warmUpP3();
          for (int i = 1; i <= options.repeats(); i++) {
            bench.p3();
          }
        }
        if (options.has("p4")) {
          bench.p4();
        }
        if (options.has("p5")) {
          bench.p5();
        }
      }
    }
    if (options.has("p8")) {
      bench.report.note("P8 load average before: " + loadAverage());
      CodeNodeBench.run(
          bench.report,
          options.repeats(),
          options.quick() ? 200 : 1_000,
          options.quick() ? 50 : 300);
    }
    bench.report.note("load average before / after: " + loadBefore + " / " + loadAverage());
    bench.summarize();
    String table = bench.report.render();
    System.out.println();
    System.out.println(machine());
    System.out.println(table);
  }

  private static String describe(List<Proc> procs) {
    List<String> out = new ArrayList<>();
    for (Proc proc : procs) {
      out.add(proc.name + " " + proc.pid());
    }
    return String.join(", ", out);
  }

  private void warmUp() throws Exception {
    int n = options.warmup();
    log("warming up with " + n + " runs of each side");
    Load.closed(options.clients(), n, remote::flowdExecute);
    Load.closed(options.clients(), n, () -> rawStarted.add(remote.rawStart()));
    remote.drain(rawStarted);
    Load.closed(options.p2Clients(), n, remote::flowdRun);
    Load.closed(options.p2Clients(), n, remote::rawRun);
  }

  /**
   * P1: execute accepted per second at saturation against raw {@code WorkflowClient.start}, then
   * the execute API open-loop at half of flowd's own saturated rate.
   */
  private void p1(Path recording) throws Exception {
    measureP1("", recording);
  }

  /**
   * One P1 measurement, its figures added under names ending in {@code suffix}: flowd's executes
   * and raw starts at saturation (with flowd's PostgreSQL cost and CPU by thread group), then
   * flowd's executes open-loop at half of its own rate.
   */
  private void measureP1(String suffix, Path recording) throws Exception {
    PgCost pg = new PgCost(remote.database());
    Map<String, Long> pg0 = pg.snapshot();
    Map<String, Long> threads0 = remote.flowd().threadTicks();
    if (recording != null) {
      remote.startRecording("p1");
    }
    long f0 = RemoteStack.cpuNanos(remote.flowdProcs);
    Load.Result flowd = Load.closed(options.clients(), options.p1Requests(), remote::flowdExecute);
    if (recording != null) {
      remote.stopRecording("p1", recording);
      report.note(
          "P1: JFR recording of the flowd JVM during the first saturation load: " + recording);
    }
    checkErrors("P1 flowd" + suffix, flowd);
    remote.drain(rawStarted);
    long f1 = RemoteStack.cpuNanos(remote.flowdProcs);
    report.note(
        "P1"
            + suffix
            + " flowd JVM CPU by thread group (accept + execute), ms per run: "
            + threadShares(threads0, remote.flowd().threadTicks(), options.p1Requests()));
    Map<String, Double> cost = new java.util.LinkedHashMap<>();
    report.note(
        "P1"
            + suffix
            + " flowd PostgreSQL cost (accept + execute), "
            + pg.perRun(pg0, options.p1Requests(), cost));
    cost.forEach((name, value) -> report.add("P1 pg " + name + suffix, value));
    long r0 = RemoteStack.cpuNanos(remote.rawProcs);
    Load.Result raw =
        Load.closed(
            options.clients(), options.p1Requests(), () -> rawStarted.add(remote.rawStart()));
    checkErrors("P1 raw" + suffix, raw);
    remote.drain(rawStarted);
    long r1 = RemoteStack.cpuNanos(remote.rawProcs);
    report.add(
        "P1 JVM CPU ms per flowd run (accept + execute)" + suffix,
        (f1 - f0) / 1e6 / options.p1Requests());
    report.add(
        "P1 JVM CPU ms per raw run (start + execute)" + suffix,
        (r1 - r0) / 1e6 / options.p1Requests());
    double half = flowd.perSecond() / 2;
    Load.Result paced = Load.open(half, options.p1RateSeconds(), 120, remote::flowdExecute);
    checkErrors("P1 flowd at half its rate" + suffix, paced);
    remote.drain(rawStarted);
    log(
        String.format(
            Locale.ROOT,
            "P1%s flowd %.0f/s p50 %.1f p99 %.1f ms; raw %.0f/s p50 %.1f p99 %.1f ms;"
                + " flowd at %.0f/s p50 %.1f p99 %.1f ms",
            suffix,
            flowd.perSecond(),
            flowd.p(50),
            flowd.p(99),
            raw.perSecond(),
            raw.p(50),
            raw.p(99),
            half,
            paced.p(50),
            paced.p(99)));
    report.add("P1 flowd accepted/s" + suffix, flowd.perSecond());
    report.add("P1 flowd p50 ms" + suffix, flowd.p(50));
    report.add("P1 flowd p99 ms" + suffix, flowd.p(99));
    report.add("P1 raw starts/s" + suffix, raw.perSecond());
    report.add("P1 raw p50 ms" + suffix, raw.p(50));
    report.add("P1 raw p99 ms" + suffix, raw.p(99));
    report.add("P1 accept ratio" + suffix, flowd.perSecond() / raw.perSecond());
    report.add("P1 half rate /s" + suffix, half);
    report.add("P1 flowd p50 ms at half rate" + suffix, paced.p(50));
    report.add("P1 flowd p99 ms at half rate" + suffix, paced.p(99));
  }

  /**
   * Starts the processes of one {@code pa} variant; on a loaded machine the embedded server can
   * answer the worker's first call too late, so a failed start is tried again, up to eight times.
   */
  private RemoteStack startVariant(Path variantDir, Map<String, String> env) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return new RemoteStack(
            options,
            Files.createDirectories(variantDir.resolve("start-" + attempt)),
            new JdkVariant(System.getProperty("java.home"), "", ""),
            System.getProperty("java.class.path"),
            env);
      } catch (IllegalStateException e) {
        if (attempt == 8) {
          throw e;
        }
        Thread.sleep(20_000);
        log("PA: the processes did not start (" + e.getMessage() + "); trying again");
        report.note("PA: start attempt " + attempt + " of " + env + " failed: " + e.getMessage());
      }
    }
  }

  /**
   * PA: P1 on flowd with each variant of {@code --accept-variants} (extra environment variables of
   * the flowd process, such as a switch of the execute path), each in fresh processes with its own
   * raw starts beside it, one after the other in one run: the before-and-after figure of a switch.
   */
  private void compareAcceptVariants(Path dir) throws Exception {
    List<String> labels = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> variant : options.acceptVariants().entrySet()) {
      String label = variant.getKey();
      labels.add(label);
      log("PA: flowd with " + variant.getValue());
      Path variantDir = Files.createDirectories(dir.resolve("pa-" + label));
      try (RemoteStack stack = startVariant(variantDir, variant.getValue())) {
        remote = stack;
        Load.closed(options.clients(), options.warmup(), stack::flowdExecute);
        Load.closed(options.clients(), options.warmup(), () -> rawStarted.add(stack.rawStart()));
        stack.drain(rawStarted);
        for (int i = 1; i <= options.repeats(); i++) {
          measureP1(
              " [" + label + "]",
              i == 1 && options.profile() ? variantDir.resolve("flowd-p1.jfr") : null);
        }
      } finally {
        remote = null;
      }
    }
    for (String label : labels) {
      String s = " [" + label + "]";
      double f = report.median("P1 flowd accepted/s" + s);
      double r = report.median("P1 raw starts/s" + s);
      report.row(
          "PA "
              + label
              + ": P1 execute accepted/s vs raw starts/s ("
              + options.clients()
              + " clients)",
          Report.fmt(f),
          Report.fmt(r),
          Report.pct(report.median("P1 accept ratio" + s)),
          ">= 60 %",
          report.median("P1 accept ratio" + s) >= 0.6 ? "met" : "**missed**");
      report.row(
          "PA " + label + ": P1 at saturation p50 / p99 ms",
          report.medians("P1 flowd p50 ms" + s, "P1 flowd p99 ms" + s),
          report.medians("P1 raw p50 ms" + s, "P1 raw p99 ms" + s),
          "",
          "",
          "");
      report.row(
          "PA " + label + ": accept p99 ms at half of flowd's rate",
          Report.fmt(report.median("P1 flowd p99 ms at half rate" + s)),
          "",
          "",
          "<= 50 ms",
          "measured");
      double fc = report.median("P1 JVM CPU ms per flowd run (accept + execute)" + s);
      double rc = report.median("P1 JVM CPU ms per raw run (start + execute)" + s);
      report.row(
          "PA " + label + ": JVM CPU ms per run (accept/start + execute)",
          Report.fmt(fc),
          Report.fmt(rc),
          Report.times(fc / rc),
          "",
          "measured");
      report.row(
          "PA " + label + ": PostgreSQL commits / statements per run (accept + execute)",
          report.medians("P1 pg xact_commit" + s, "P1 pg statements" + s),
          "",
          "",
          "",
          "measured");
    }
  }

  /**
   * P9: for each broker trigger, a backlog of as many messages as P1 sends requests becomes runs;
   * accepted runs per second, beside P1's execute accept rate of the same run.
   */
  private void p9() throws Exception {
    BrokerIntake intake = new BrokerIntake(remote);
    int n = options.p1Requests();
    double rabbit = intake.rabbit(n);
    double nats = intake.nats(n);
    double kafka = intake.kafka(n);
    log(
        String.format(
            Locale.ROOT,
            "P9 %d messages: RabbitMQ %.0f runs/s, NATS %.0f runs/s, Kafka %.0f runs/s",
            n,
            rabbit,
            nats,
            kafka));
    report.add("P9 rabbitmq accepted/s", rabbit);
    report.add("P9 nats accepted/s", nats);
    report.add("P9 kafka accepted/s", kafka);
  }

  /**
   * P2: {@code p2Clients} runs in flight closed-loop, each timed from its start request to its
   * completion; JVM CPU per run of each side's processes (test server included).
   */
  private void p2(Path recording) throws Exception {
    if (recording != null) {
      remote.startRecording("p2");
    }
    PgCost pg = new PgCost(remote.database());
    Map<String, Long> pg0 = pg.snapshot();
    Map<String, Long> threads0 = remote.flowd().threadTicks();
    long[] fp = perProcess(remote.flowdProcs);
    long f0 = RemoteStack.cpuNanos(remote.flowdProcs);
    remote.flowdTimeline.start();
    Load.Result flowd = Load.closed(options.p2Clients(), options.p2Runs(), remote::flowdRun);
    remote.flowdTimeline.stop();
    long f1 = RemoteStack.cpuNanos(remote.flowdProcs);
    remote.drain(rawStarted);
    report.note("P2 flowd PostgreSQL cost, " + pg.perRun(pg0, options.p2Runs()));
    addPerProcess(remote.flowdProcs, fp, options.p2Runs());
    report.note(
        "P2 flowd JVM CPU by thread group, ms per run: "
            + threadShares(threads0, remote.flowd().threadTicks(), options.p2Runs()));
    if (recording != null) {
      remote.stopRecording("p2", recording);
      report.note("P2: JFR recording of the flowd JVM during the first closed loop: " + recording);
    }
    checkErrors("P2 flowd", flowd);
    Map<String, Long> rawThreads0 = remote.rawProcs.get(0).threadTicks();
    long[] rp = perProcess(remote.rawProcs);
    long r0 = RemoteStack.cpuNanos(remote.rawProcs);
    remote.rawTimeline.start();
    Load.Result raw = Load.closed(options.p2Clients(), options.p2Runs(), remote::rawRun);
    remote.rawTimeline.stop();
    long r1 = RemoteStack.cpuNanos(remote.rawProcs);
    report.section(
        "P2 per-run timeline and Temporal cost (last repeat)",
        Timeline.table(
            remote.flowdTimeline.read(remote.flowdClient(), options.timelineRuns()),
            remote.rawTimeline.read(remote.rawClient(), options.timelineRuns())));
    addPerProcess(remote.rawProcs, rp, options.p2Runs());
    report.note(
        "P2 hand-written worker JVM CPU by thread group, ms per run: "
            + threadShares(rawThreads0, remote.rawProcs.get(0).threadTicks(), options.p2Runs()));
    checkErrors("P2 raw", raw);
    report.add("P2 JVM CPU ms per flowd run", (f1 - f0) / 1e6 / options.p2Runs());
    report.add("P2 JVM CPU ms per raw run", (r1 - r0) / 1e6 / options.p2Runs());
    log(
        String.format(
            Locale.ROOT,
            "P2 flowd %.1f runs/s p50 %.1f p99 %.1f ms %.1f CPU ms/run;"
                + " raw %.1f runs/s p50 %.1f p99 %.1f ms %.1f CPU ms/run",
            flowd.perSecond(),
            flowd.p(50),
            flowd.p(99),
            (f1 - f0) / 1e6 / options.p2Runs(),
            raw.perSecond(),
            raw.p(50),
            raw.p(99),
            (r1 - r0) / 1e6 / options.p2Runs()));
    report.add("P2 flowd runs/s", flowd.perSecond());
    report.add("P2 flowd p50 ms", flowd.p(50));
    report.add("P2 flowd p99 ms", flowd.p(99));
    report.add("P2 raw runs/s", raw.perSecond());
    report.add("P2 raw p50 ms", raw.p(50));
    report.add("P2 raw p99 ms", raw.p(99));
  }

  /**
   * PJ: the P2 closed loop of both sides on each JVM configuration of {@code --jdks} (a JDK home
   * and flags), each in fresh processes after its own warm-up. Every repeat runs all
   * configurations, the first one first in the first repeat and rotating after that, so that a
   * change of the machine's load during the run spreads over all of them; the table shows medians.
   */
  private void compareJdks(Path dir) throws Exception {
    List<JdkVariant> variants = JdkVariant.parseAll(options.jdks());
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("phase pj needs --jdks (see BENCHMARKS.md)");
    }
    for (int repeat = 1; repeat <= options.repeats(); repeat++) {
      for (int k = 0; k < variants.size(); k++) {
        int index = (k + repeat - 1) % variants.size();
        JdkVariant variant = variants.get(index);
        log("PJ repeat " + repeat + ": both sides on " + variant.label());
        Path jdkDir = Files.createDirectories(dir.resolve("pj-" + repeat + "-" + (index + 1)));
        try (RemoteStack stack =
            RemoteStack.open(options, jdkDir, variant, System.getProperty("java.class.path"))) {
          remote = stack;
          warmUp();
          jdkLoop(variant.label(), true);
          jdkLoop(variant.label(), false);
        } finally {
          remote = null;
        }
      }
    }
    report.section("PJ: P2 closed loop on each JVM configuration (medians)", jdkTable(variants));
  }

  private void jdkLoop(String label, boolean flowdSide) throws Exception {
    List<Proc> procs = flowdSide ? remote.flowdProcs : remote.rawProcs;
    Map<String, Long> threads0 = procs.get(0).threadTicks();
    long c0 = RemoteStack.cpuNanos(procs);
    Load.Result result =
        Load.closed(
            options.p2Clients(), options.p2Runs(), flowdSide ? remote::flowdRun : remote::rawRun);
    long c1 = RemoteStack.cpuNanos(procs);
    Map<String, Long> threads1 = procs.get(0).threadTicks();
    checkErrors("PJ " + label, result);
    String side = "PJ " + (flowdSide ? "flowd" : "raw") + " ";
    int runs = options.p2Runs();
    report.add(side + "runs/s " + label, result.perSecond());
    report.add(side + "p50 ms " + label, result.p(50));
    report.add(side + "p99 ms " + label, result.p(99));
    report.add(side + "CPU ms per run " + label, (c1 - c0) / 1e6 / runs);
    report.add(side + "GC ms per run " + label, groupTicks(threads0, threads1, GC) * 10.0 / runs);
    report.add(side + "JIT ms per run " + label, groupTicks(threads0, threads1, JIT) * 10.0 / runs);
    report.add(side + "RSS MiB " + label, procs.get(0).rssMiB());
    log(
        String.format(
            Locale.ROOT,
            "%s%s: %.1f runs/s p50 %.1f p99 %.1f ms, %.1f CPU ms/run",
            side,
            label,
            result.perSecond(),
            result.p(50),
            result.p(99),
            (c1 - c0) / 1e6 / runs));
  }

  /** Thread-name prefixes of the collector's threads (Serial collects in the VM thread). */
  private static final List<String> GC = List.of("GC ", "G1 ", "VM Thread", "ParGC", "ZGC");

  private static final List<String> JIT = List.of("C1 Compiler", "C2 Compiler");

  private static long groupTicks(
      Map<String, Long> before, Map<String, Long> after, List<String> prefixes) {
    long sum = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      if (prefixes.stream().anyMatch(e.getKey()::startsWith)) {
        sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
      }
    }
    return sum;
  }

  private String jdkTable(List<JdkVariant> variants) {
    String first = variants.get(0).label();
    StringBuilder out = new StringBuilder();
    out.append(
        "| JVM | flowd runs/s | p50 ms | p99 ms | CPU ms/run | GC ms/run | JIT ms/run | RSS MiB"
            + " | hand-written runs/s | its CPU ms/run | flowd/hand-written runs/s"
            + " | flowd runs/s vs first | flowd CPU vs first |\n");
    out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (JdkVariant variant : variants) {
      String l = variant.label();
      double runs = report.median("PJ flowd runs/s " + l);
      double cpu = report.median("PJ flowd CPU ms per run " + l);
      double raw = report.median("PJ raw runs/s " + l);
      List<String> cells =
          List.of(
              l,
              Report.fmt(runs),
              Report.fmt(report.median("PJ flowd p50 ms " + l)),
              Report.fmt(report.median("PJ flowd p99 ms " + l)),
              Report.fmt(cpu),
              Report.fmt(report.median("PJ flowd GC ms per run " + l)),
              Report.fmt(report.median("PJ flowd JIT ms per run " + l)),
              Report.fmt(report.median("PJ flowd RSS MiB " + l)),
              Report.fmt(raw),
              Report.fmt(report.median("PJ raw CPU ms per run " + l)),
              Report.pct(runs / raw),
              Report.times(runs / report.median("PJ flowd runs/s " + first)),
              Report.times(cpu / report.median("PJ flowd CPU ms per run " + first)));
      out.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    return out.toString();
  }

  /**
   * PB: flowd's P2 closed loop on the build at {@code --baseline-classpath} (a file holding the
   * class path of another build's local start; none: this build) and on this build with the {@code
   * --pb-env} variables, each in fresh processes, alternating round by round in one run: the
   * before-and-after figure of a change.
   */
  private void compareBuilds(Path dir) throws Exception {
    String thisBuild = System.getProperty("java.class.path");
    String baseline =
        options.baselineClasspath().isBlank()
            ? thisBuild
            : Files.readString(Path.of(options.baselineClasspath())).trim();
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (String pair : options.pbEnv()) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--pb-env takes NAME=VALUE pairs, not " + pair);
      }
      env.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    Map<String, String> builds = new java.util.LinkedHashMap<>();
    builds.put("baseline", baseline);
    builds.put("this build", thisBuild);
    // Rounds alternate the builds, each in fresh processes, so a load that drifts during the run
    // weighs on both alike.
    for (int round = 1; round <= options.repeats(); round++) {
      for (Map.Entry<String, String> build : builds.entrySet()) {
        String label = build.getKey();
        log("PB round " + round + ": flowd on " + label);
        Path buildDir =
            Files.createDirectories(dir.resolve("pb-" + label.replace(' ', '-') + "-" + round));
        Map<String, String> flowdEnv = "baseline".equals(label) ? Map.of() : env;
        try (RemoteStack stack =
            RemoteStack.open(
                options,
                buildDir,
                new JdkVariant(System.getProperty("java.home"), "", ""),
                build.getValue(),
                flowdEnv)) {
          remote = stack;
          Load.closed(options.p2Clients(), options.warmup(), stack::flowdRun);
          measureFlowdP2("PB", label, stack);
        } finally {
          remote = null;
        }
      }
    }
    compareFlowdP2("PB", "this build", "baseline", "(before and after)");
  }

  /**
   * PT: flowd's P2 closed loop with tracing off and with tracing on, exporting every span over
   * OTLP/HTTP to a receiver in this process, each in fresh processes, one after the other in one
   * run: the overhead of tracing.
   */
  private void compareTracing(Path dir) throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Map<String, Map<String, String>> modes = new java.util.LinkedHashMap<>();
      modes.put("off", Map.of());
      modes.put(
          "on",
          Map.of(
              "OTEL_EXPORTER_OTLP_ENDPOINT",
              receiver.endpoint(),
              "OTEL_SERVICE_NAME",
              "flowd-bench"));
      for (Map.Entry<String, Map<String, String>> mode : modes.entrySet()) {
        String label = "tracing " + mode.getKey();
        log("PT: flowd with " + label);
        Path modeDir = Files.createDirectories(dir.resolve("pt-" + mode.getKey()));
        try (RemoteStack stack =
            new RemoteStack(
                options,
                modeDir,
                new JdkVariant(System.getProperty("java.home"), "", ""),
                System.getProperty("java.class.path"),
                mode.getValue())) {
          remote = stack;
          Load.closed(options.p2Clients(), options.warmup(), stack::flowdRun);
          for (int i = 1; i <= options.repeats(); i++) {
            measureFlowdP2("PT", label, stack);
          }
        } finally {
          remote = null;
        }
      }
      compareFlowdP2("PT", "tracing on", "tracing off", "(overhead of tracing)");
      report.note(
          "PT: the OTLP receiver took "
              + receiver.requests()
              + " export requests, "
              + receiver.bytes() / 1024
              + " KiB, while tracing was on");
    }
  }

  /**
   * One measured P2 closed loop on flowd's processes in {@code stack}, kept as {@code phase label}.
   */
  private void measureFlowdP2(String phase, String label, RemoteStack stack) throws Exception {
    long c0 = RemoteStack.cpuNanos(stack.flowdProcs);
    Load.Result result = Load.closed(options.p2Clients(), options.p2Runs(), stack::flowdRun);
    long c1 = RemoteStack.cpuNanos(stack.flowdProcs);
    checkErrors(phase + " " + label, result);
    report.add(phase + " runs/s " + label, result.perSecond());
    report.add(phase + " p50 ms " + label, result.p(50));
    report.add(phase + " p99 ms " + label, result.p(99));
    report.add(phase + " CPU ms per run " + label, (c1 - c0) / 1e6 / options.p2Runs());
  }

  /** The medians of {@link #measureFlowdP2} for {@code label} against {@code other}, as rows. */
  private void compareFlowdP2(String phase, String label, String other, String note) {
    for (String measure : List.of("runs/s", "p50 ms", "p99 ms", "CPU ms per run")) {
      double value = report.median(phase + " " + measure + " " + label);
      double against = report.median(phase + " " + measure + " " + other);
      report.row(
          phase + " flowd P2 " + measure + ": " + label + " / " + other,
          Report.fmt(value),
          Report.fmt(against),
          Report.times(value / against),
          note,
          "measured");
    }
  }

  /** The thread groups that used the most CPU between two readings, in ms per run. */
  private static String threadShares(Map<String, Long> before, Map<String, Long> after, int runs) {
    List<Map.Entry<String, Long>> used = new ArrayList<>();
    after.forEach(
        (name, ticks) -> used.add(Map.entry(name, ticks - before.getOrDefault(name, 0L))));
    used.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : used.subList(0, Math.min(12, used.size()))) {
      out.add(e.getKey() + " " + Report.fmt(e.getValue() * 10.0 / runs));
    }
    return String.join(", ", out);
  }

  private static long[] perProcess(List<Proc> procs) {
    long[] out = new long[procs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = procs.get(i).cpuNanos();
    }
    return out;
  }

  private void addPerProcess(List<Proc> procs, long[] before, int runs) {
    for (int i = 0; i < before.length; i++) {
      report.add(
          "P2 CPU ms per run, " + procs.get(i).name,
          (procs.get(i).cpuNanos() - before[i]) / 1e6 / runs);
    }
  }

  /**
   * P2 open loop: each engine at fixed start rates (fractions of its own closed-loop rate), latency
   * from the moment each start was due to the run's completion; the knee is the highest rate whose
   * p99 stays within {@code kneeP99Ms} with every run completed.
   */
  private void sweep() throws Exception {
    report.add(
        "P2 knee flowd runs/s", knee("flowd", report.median("P2 flowd runs/s"), remote::flowdRun));
    report.add("P2 knee raw runs/s", knee("raw", report.median("P2 raw runs/s"), remote::rawRun));
  }

  private double knee(String side, double closedRate, Load.Operation run) throws Exception {
    double knee = 0;
    for (double fraction : options.sweep()) {
      double rate = fraction * closedRate;
      Load.Result result = Load.open(rate, options.sweepSeconds(), 60, run);
      remote.drain(rawStarted);
      boolean ok = result.errors() == 0 && result.p(99) <= options.kneeP99Ms();
      String step =
          String.format(
              Locale.ROOT,
              "%.0f/s: p50 %s p99 %s ms, %d failed",
              rate,
              Report.fmt(result.p(50)),
              Report.fmt(result.p(99)),
              result.errors());
      report.note("P2 open loop " + side + " at " + step);
      if (ok) {
        knee = Math.max(knee, rate);
      } else if (result.errors() > 0 || result.p(99) > 4 * options.kneeP99Ms()) {
        break;
      }
    }
    return knee;
  }

  /**
   * P6: flowd with a second worker process (WorkerMain) on the same task queue against the local
   * start's worker alone, closed loop; with the CPU each process and the whole machine used.
   */
  private void p6() throws Exception {
    Load.Result one = p6Load("one worker");
    remote.addFlowdWorker();
    Load.closed(options.p6Clients(), options.warmup(), remote::flowdRun);
    Load.Result two = p6Load("two workers");
    remote.stopExtraWorkers();
    report.add("P6 flowd runs/s, one worker", one.perSecond());
    report.add("P6 flowd runs/s, two workers", two.perSecond());
    report.add("P6 flowd p50 ms, one worker", one.p(50));
    report.add("P6 flowd p50 ms, two workers", two.p(50));
  }

  private Load.Result p6Load(String label) throws Exception {
    List<Proc> procs = new ArrayList<>(remote.flowdProcs);
    long[] before = new long[procs.size()];
    for (int i = 0; i < procs.size(); i++) {
      before[i] = procs.get(i).cpuNanos();
    }
    long[] machine0 = machineTicks();
    long t0 = System.nanoTime();
    Load.Result result = Load.closed(options.p6Clients(), options.p6Runs(), remote::flowdRun);
    double wall = (System.nanoTime() - t0) / 1e9;
    long[] machine1 = machineTicks();
    checkErrors("P6 " + label, result);
    List<String> cores = new ArrayList<>();
    for (int i = 0; i < procs.size(); i++) {
      double used = (procs.get(i).cpuNanos() - before[i]) / 1e9 / wall;
      cores.add(procs.get(i).name + " " + Report.fmt(used));
    }
    double busy = (double) (machine1[0] - machine0[0]) / Math.max(1, machine1[1] - machine0[1]);
    String line =
        String.format(
            Locale.ROOT,
            "P6 %s: %.1f runs/s, p50 %s ms; cores used: %s; machine CPU busy %.0f %%",
            label,
            result.perSecond(),
            Report.fmt(result.p(50)),
            String.join(", ", cores),
            busy * 100);
    report.note(line);
    return result;
  }

  /** Busy and total jiffies of all CPUs, from {@code /proc/stat}. */
  private static long[] machineTicks() throws java.io.IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    return new long[] {total - idle, total};
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "n/a";
    }
  }

  private void warmUpP3() throws Exception {
    String chain = stack.createWorkflow(Graphs.chain(options.p3Nodes()));
    for (int i = 0; i < 5; i++) {
      interpreterMillis(chain);
    }
  }

  private void p3() throws Exception {
    int n = options.p3Nodes();
    String chain = stack.createWorkflow(Graphs.chain(n));
    String single = stack.createWorkflow(Graphs.chain(1));
    List<Double> longRuns = new ArrayList<>();
    List<Double> shortRuns = new ArrayList<>();
    for (int i = 0; i < options.p3Runs(); i++) {
      longRuns.add(interpreterMillis(chain));
      shortRuns.add(interpreterMillis(single));
    }
    double body = mapperBodyMillis();
    double perNode = (Stats.median(longRuns) - Stats.median(shortRuns)) / (n - 1);
    log(
        String.format(
            Locale.ROOT,
            "P3 %d-node chain p50 %.1f ms, 1-node p50 %.1f ms: %.3f ms per node, body %.4f ms",
            n,
            Stats.median(longRuns),
            Stats.median(shortRuns),
            perNode,
            body));
    report.add("P3 chain p50 ms", Stats.median(longRuns));
    report.add("P3 single p50 ms", Stats.median(shortRuns));
    report.add("P3 per node beyond body ms", perNode - body);
    report.add("P3 mapper body ms", body);
  }

  private void p4() throws Exception {
    int delay = options.p4DelaySeconds();
    String delayed = stack.createWorkflow(Graphs.delay(delay));
    double heapBefore = usedHeapMiB();
    double rssBefore = rssMiB();
    log("P4 starting " + options.p4Runs() + " runs that wait " + delay + " s");
    Load.Result submitted =
        Load.closed(options.p4Clients(), options.p4Runs(), () -> stack.execute(delayed));
    checkErrors("P4 submit", submitted);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (waiting(delayed) < submitted.latenciesMs().size() && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    int waiting = waiting(delayed);
    Thread.sleep(2000);
    double heap = usedHeapMiB();
    double rss = rssMiB();
    double maxHeap = Runtime.getRuntime().maxMemory() / 1048576.0;
    report.add("P4 runs waiting at once", waiting);
    report.add("P4 heap after GC MiB (whole JVM)", heap);
    report.add("P4 heap added by the waiting runs MiB", heap - heapBefore);
    report.add("P4 RSS MiB (whole JVM)", rss);
    report.add("P4 RSS added MiB", rss - rssBefore);
    report.add("P4 JVM threads", Thread.activeCount());
    log(
        String.format(
            Locale.ROOT,
            "P4 %d waiting: heap %.0f MiB (was %.0f; max %.0f), RSS %.0f MiB (was %.0f)",
            waiting,
            heap,
            heapBefore,
            maxHeap,
            rss,
            rssBefore));
    long t0 = System.nanoTime();
    if (options.timeSkipping()) {
      stack
          .testService
          .blockingStub()
          .unlockTimeSkipping(UnlockTimeSkippingRequest.getDefaultInstance());
      report.note(
          "P4: the port-bound test server skipped the "
              + delay
              + " s of the delay (TestService.unlockTimeSkipping until all completed); no real"
              + " waiting.");
    } else {
      report.note("P4: time skipping off, the runs waited " + delay + " s for real.");
    }
    deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (completed(delayed) < waiting && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    int done = completed(delayed);
    if (options.timeSkipping()) {
      stack
          .testService
          .blockingStub()
          .lockTimeSkipping(LockTimeSkippingRequest.getDefaultInstance());
    }
    double drainSeconds = (System.nanoTime() - t0) / 1e9;
    report.add("P4 runs completed after the delay", done);
    report.add("P4 seconds until all completed", drainSeconds);
    log("P4 " + done + " of " + waiting + " completed in " + drainSeconds + " s");

    String big = stack.createWorkflow(Graphs.chain(options.bigNodes() - 1));
    long b0 = System.nanoTime();
    String status;
    double interpreter = Double.NaN;
    try {
      JsonNode run = stack.execute(big);
      stack
          .client
          .newUntypedWorkflowStub(run.path("temporal_workflow_id").asText())
          .getResult(10, TimeUnit.MINUTES, RunResult.class);
      Run stored =
          stack
              .database
              .dao(RunDao.class)
              .find(BenchStack.TENANT, run.path("id").asText())
              .orElseThrow();
      status = stored.status().toString().toLowerCase(Locale.ROOT);
      interpreter = millisBetween(stored);
    } catch (Exception e) {
      status = "failed: " + e;
    }
    double e2e = (System.nanoTime() - b0) / 1e6;
    report.add("P4 " + options.bigNodes() + "-node graph end-to-end ms", e2e);
    report.add("P4 " + options.bigNodes() + "-node graph interpreter ms", interpreter);
    report.note("P4: the " + options.bigNodes() + "-node graph ended " + status);
    log("P4 big graph " + status + " in " + e2e + " ms");
  }

  /**
   * P5: one run whose iterator node runs a child workflow once per item (issue 4), started through
   * the API; checks that every result arrives in order and reads the histories of the parent and of
   * every iterator execution of the continue-as-new chain.
   */
  private void p5() throws Exception {
    int n = options.p5Items();
    String child = stack.createWorkflow(Graphs.iteratorChild());
    String parent =
        stack.createWorkflow(
            Graphs.iterator(child, options.p5Concurrency(), options.p5BatchSize()));
    ObjectNode body = Json.object();
    ArrayNode items = body.putObject("context").putArray("items");
    for (int k = 0; k < n; k++) {
      items.addObject().put("i", k);
    }
    log(
        "P5 iterating over "
            + n
            + " items, concurrency "
            + options.p5Concurrency()
            + ", batch size "
            + options.p5BatchSize());
    long t0 = System.nanoTime();
    JsonNode run = stack.execute(parent, Json.write(body));
    String temporalId = run.path("temporal_workflow_id").asText();
    WorkflowStub stub = stack.client.newUntypedWorkflowStub(temporalId);
    long deadline = t0 + TimeUnit.MINUTES.toNanos(P5_DEADLINE_MINUTES);
    RunResult result = null;
    String failure = null;
    while (result == null && failure == null) {
      try {
        result = stub.getResult(15, TimeUnit.SECONDS, RunResult.class);
      } catch (TimeoutException e) {
        if (System.nanoTime() > deadline) {
          failure = "not finished after " + P5_DEADLINE_MINUTES + " minutes";
        } else {
          log(
              String.format(
                  Locale.ROOT,
                  "P5 %d of %d child runs completed after %.0f s",
                  completed(child),
                  n,
                  (System.nanoTime() - t0) / 1e9));
        }
      } catch (RuntimeException e) {
        failure = e + (e.getCause() == null ? "" : ", caused by " + e.getCause());
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    int children = completed(child);

    int returned = 0;
    int inOrder = 0;
    if (result != null) {
      JsonNode results =
          new PayloadStore(stack.database)
              .resolve(BenchStack.TENANT, result.output())
              .path("results");
      returned = results.size();
      for (int k = 0; k < Math.min(returned, n); k++) {
        if (results.get(k).path("i").asText().equals(Integer.toString(k))) {
          inOrder++;
        }
      }
    }
    String status =
        stack
            .database
            .dao(RunDao.class)
            .find(BenchStack.TENANT, run.path("id").asText())
            .map(r -> r.status().toString().toLowerCase(Locale.ROOT))
            .orElse("missing");

    List<HistoryEvent> parentEvents = stack.client.fetchHistory(temporalId).getEvents();
    List<Integer> lengths = new ArrayList<>();
    long largestBytes = 0;
    WorkflowExecution iterator =
        parentEvents.stream()
            .filter(HistoryEvent::hasChildWorkflowExecutionStartedEventAttributes)
            .map(e -> e.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution())
            .findFirst()
            .orElse(null);
    String iteratorRun = iterator == null ? null : iterator.getRunId();
    while (iteratorRun != null) {
      List<HistoryEvent> events =
          stack.client.fetchHistory(iterator.getWorkflowId(), iteratorRun).getEvents();
      lengths.add(events.size());
      largestBytes =
          Math.max(largestBytes, events.stream().mapToLong(HistoryEvent::getSerializedSize).sum());
      HistoryEvent last = events.get(events.size() - 1);
      iteratorRun =
          last.hasWorkflowExecutionContinuedAsNewEventAttributes()
              ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    int largest = lengths.stream().mapToInt(Integer::intValue).max().orElse(0);

    report.add("P5 items", n);
    report.add("P5 results returned", returned);
    report.add("P5 results in order", inOrder);
    report.add("P5 child runs completed", children);
    report.add("P5 wall seconds (execute to parent completed)", wall);
    report.add("P5 child runs/s", children / wall);
    report.add("P5 iterator executions", lengths.size());
    report.add("P5 largest iterator history events", largest);
    report.add("P5 largest iterator history KiB", largestBytes / 1024.0);
    report.add("P5 parent GraphWorkflow history events", parentEvents.size());
    report.note(
        "P5: the parent run ended "
            + status
            + (failure == null ? "" : " (" + failure + ")")
            + "; iterator history lengths in events, in chain order: "
            + lengths);
    log(
        String.format(
            Locale.ROOT,
            "P5 %d items: %d results, %d in order, %d child runs in %.1f s (%.1f/s);"
                + " %d iterator executions, largest history %d events; parent %d events",
            n,
            returned,
            inOrder,
            children,
            wall,
            children / wall,
            lengths.size(),
            largest,
            parentEvents.size()));
  }

  private void summarize() {
    if (options.has("p2")) {
      double flowdRuns = report.median("P2 flowd runs/s");
      double rawRuns = report.median("P2 raw runs/s");
      report.row(
          "P2 completed runs/s, " + options.p2Clients() + " in flight",
          Report.fmt(flowdRuns),
          Report.fmt(rawRuns),
          Report.pct(flowdRuns / rawRuns),
          ">= 80 %",
          Report.verdict(flowdRuns / rawRuns >= 0.8));
      double f50 = report.median("P2 flowd p50 ms");
      double r50 = report.median("P2 raw p50 ms");
      report.row(
          "P2 start-to-completion p50 ms",
          Report.fmt(f50),
          Report.fmt(r50),
          Report.times(f50 / r50),
          "<= 2.0x",
          Report.verdict(f50 / r50 <= 2.0));
      double f99 = report.median("P2 flowd p99 ms");
      report.row(
          "P2 start-to-completion p99 ms",
          Report.fmt(f99),
          Report.fmt(report.median("P2 raw p99 ms")),
          Report.times(f99 / report.median("P2 raw p99 ms")),
          "flowd <= 250 ms",
          Report.verdict(f99 <= 250));
      double fCpu = report.median("P2 JVM CPU ms per flowd run");
      double rCpu = report.median("P2 JVM CPU ms per raw run");
      report.row(
          "JVM CPU ms per run, P2 (flowd with its embedded test server / hand-written worker + its"
              + " test server)",
          Report.fmt(fCpu),
          Report.fmt(rCpu),
          Report.times(fCpu / rCpu),
          "<= 1.5x",
          Report.verdict(fCpu / rCpu <= 1.5));
      double fKnee = report.median("P2 knee flowd runs/s");
      double rKnee = report.median("P2 knee raw runs/s");
      report.row(
          "P2 open-loop knee: highest rate with p99 <= " + options.kneeP99Ms() + " ms, runs/s",
          Report.fmt(fKnee),
          Report.fmt(rKnee),
          Report.pct(fKnee / rKnee),
          "(found)",
          Double.isNaN(fKnee) ? "n/a" : "measured");
    }
    if (options.has("p1")) {
      double flowdRate = report.median("P1 flowd accepted/s");
      double rawRate = report.median("P1 raw starts/s");
      report.row(
          "P1 execute accepted/s at saturation (" + options.clients() + " clients) vs raw starts/s",
          Report.fmt(flowdRate),
          Report.fmt(rawRate),
          Report.pct(flowdRate / rawRate),
          ">= 60 %",
          Report.verdict(flowdRate / rawRate >= 0.6));
      report.row(
          "P1 at saturation: p50 / p99 ms",
          report.medians("P1 flowd p50 ms", "P1 flowd p99 ms"),
          report.medians("P1 raw p50 ms", "P1 raw p99 ms"),
          "",
          "",
          "");
      double p99 = report.median("P1 flowd p99 ms at half rate");
      report.row(
          "P1 accept p99 ms at half of flowd's rate ("
              + Report.fmt(report.median("P1 half rate /s"))
              + "/s, open loop)",
          Report.fmt(p99),
          "",
          "",
          "<= 50 ms",
          Report.verdict(p99 <= 50));
      double fCpu = report.median("P1 JVM CPU ms per flowd run (accept + execute)");
      double rCpu = report.median("P1 JVM CPU ms per raw run (start + execute)");
      report.row(
          "JVM CPU ms per run, P1 (accept/start + execute)",
          Report.fmt(fCpu),
          Report.fmt(rCpu),
          Report.times(fCpu / rCpu),
          "",
          "");
    }
    if (options.has("p9")) {
      double http = options.has("p1") ? report.median("P1 flowd accepted/s") : Double.NaN;
      for (String broker : List.of("rabbitmq", "nats", "kafka")) {
        double rate = report.median("P9 " + broker + " accepted/s");
        report.row(
            "P9 "
                + broker
                + "_trigger: messages to accepted runs/s ("
                + options.p1Requests()
                + "-message backlog) vs P1 execute accepted/s",
            Report.fmt(rate),
            Report.fmt(http),
            Report.pct(rate / http),
            ">= 100 %",
            Double.isNaN(http) ? "n/a" : Report.verdict(rate >= http));
      }
    }
    if (options.has("p3")) {
      double perNode = report.median("P3 per node beyond body ms");
      report.row(
          "P3 per node beyond the body, p50 ms (" + options.p3Nodes() + "-node chain)",
          Report.fmt(perNode),
          "",
          "",
          "<= 0.16 ms (before)",
          Report.verdict(perNode <= 0.16));
    }
    if (options.has("p4")) {
      double heap = report.median("P4 heap after GC MiB (whole JVM)");
      double waiting = report.median("P4 runs waiting at once");
      report.row(
          "P4 " + Report.count(waiting) + " runs in a delay: heap after GC / RSS MiB (whole JVM)",
          report.medians("P4 heap after GC MiB (whole JVM)", "P4 RSS MiB (whole JVM)"),
          "",
          "",
          "10,000 runs, heap <= 1024 MiB",
          Report.verdict(heap <= 1024 && waiting >= 10_000));
      double done = report.median("P4 runs completed after the delay");
      report.row(
          "P4 completed after the delay / seconds to drain",
          report.medians("P4 runs completed after the delay", "P4 seconds until all completed"),
          "",
          "",
          "all",
          Report.verdict(done >= waiting));
      report.row(
          "P4 " + options.bigNodes() + "-node graph: end-to-end ms",
          Report.fmt(report.median("P4 " + options.bigNodes() + "-node graph end-to-end ms")),
          "",
          "",
          "completes",
          Report.verdict(
              !Double.isNaN(
                  report.median("P4 " + options.bigNodes() + "-node graph interpreter ms"))));
    }
    if (options.has("p5")) {
      double inOrder = report.median("P5 results in order");
      report.row(
          "P5 iterator over "
              + Report.count(options.p5Items())
              + " items (concurrency "
              + options.p5Concurrency()
              + ", batch "
              + options.p5BatchSize()
              + "): results in order / child runs completed",
          Report.count(inOrder) + " / " + Report.count(report.median("P5 child runs completed")),
          "",
          "",
          "all " + Report.count(options.p5Items()),
          Report.verdict(inOrder >= options.p5Items() && options.p5Items() >= 10_000));
      report.row(
          "P5 wall s (execute to parent completed) / child runs/s",
          report.medians("P5 wall seconds (execute to parent completed)", "P5 child runs/s"),
          "",
          "",
          "",
          "");
      double largest = report.median("P5 largest iterator history events");
      report.row(
          "P5 iterator executions (continue-as-new chain) / largest history, events",
          Report.count(report.median("P5 iterator executions")) + " / " + Report.count(largest),
          "",
          "",
          "< " + Report.count(HISTORY_EVENT_LIMIT) + " events each",
          Report.verdict(largest < HISTORY_EVENT_LIMIT));
    }
    if (options.has("p8")) {
      double codeP50 = report.median("P8 code p50 ms");
      double codeP99 = report.median("P8 code p99 ms");
      report.row(
          "P8 warm code call p50 / p99 ms (beside a data_mapper, same loop)",
          Report.fmt(codeP50) + " / " + Report.fmt(codeP99),
          report.medians("P8 data_mapper p50 ms", "P8 data_mapper p99 ms"),
          "",
          "<= 5 ms p50, <= 50 ms p99",
          Report.verdict(codeP50 <= 5 && codeP99 <= 50));
    }
    if (options.has("p6")) {
      double one = report.median("P6 flowd runs/s, one worker");
      double two = report.median("P6 flowd runs/s, two workers");
      report.row(
          "P6 flowd runs/s, " + options.p6Clients() + " in flight: two worker processes / one",
          Report.fmt(two) + " / " + Report.fmt(one),
          "",
          Report.times(two / one),
          ">= 1.6x (test server not the bottleneck)",
          Report.verdict(two / one >= 1.6));
    }
  }

  /**
   * Runs the workflow once and returns its time from acceptance to its end: completed_at minus
   * created_at, both PostgreSQL clock stamps. A run whose nodes all run in workflow code writes
   * once, at its end (its started_at is then its completed_at), so the per-node cost is the
   * difference between a long chain and a short one, whose start costs are the same.
   */
  private double interpreterMillis(String workflowId) throws Exception {
    JsonNode run = stack.execute(workflowId);
    stack
        .client
        .newUntypedWorkflowStub(run.path("temporal_workflow_id").asText())
        .getResult(2, TimeUnit.MINUTES, RunResult.class);
    Run stored =
        stack
            .database
            .dao(RunDao.class)
            .find(BenchStack.TENANT, run.path("id").asText())
            .orElseThrow();
    return millisBetween(stored);
  }

  private static double millisBetween(Run run) {
    return java.time.Duration.between(run.createdAt(), run.completedAt()).toNanos() / 1e6;
  }

  /** The data mapper's own work on one node: rendering its config and evaluating it. */
  private static double mapperBodyMillis() {
    ObjectNode data = Json.object().put("componentId", "data_mapper");
    data.putObject("mappings").put("user", "{{ node_1.user }}").put("step", 2);
    JsonNode previous = Json.object().put("user", "Ada").put("step", 1);
    DataMapperHandler handler = new DataMapperHandler();
    List<Double> samples = new ArrayList<>();
    for (int round = 0; round < 40; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 1000; i++) {
        ObjectNode config = (ObjectNode) Templates.render(data, root -> previous);
        handler.evaluate(config, previous);
      }
      samples.add((System.nanoTime() - t0) / 1e6 / 1000);
    }
    return Stats.median(samples.subList(10, samples.size()));
  }

  private int waiting(String workflowId) {
    return count(
        "SELECT count(*) FROM run_logs WHERE tenant_id = :t AND workflow_id = :w"
            + " AND node_id = 'node_1'",
        workflowId);
  }

  private int completed(String workflowId) {
    return count(
        "SELECT count(*) FROM runs WHERE tenant_id = :t AND workflow_id = :w"
            + " AND status = 'completed'",
        workflowId);
  }

  private int count(String sql, String workflowId) {
    return stack
        .database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(sql)
                    .bind("t", BenchStack.TENANT)
                    .bind("w", workflowId)
                    .mapTo(Integer.class)
                    .one());
  }

  private void checkErrors(String phase, Load.Result result) {
    if (result.errors() > 0) {
      report.note(
          phase + ": " + result.errors() + " operations failed, first: " + result.firstError());
    }
  }

  private static double usedHeapMiB() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }

  private static double rssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (Exception e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  private static String machine() {
    Runtime runtime = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "Machine: %d cores, %.1f GiB RAM, JDK %s (%s), max heap %.0f MiB, load average %.2f",
        runtime.availableProcessors(),
        totalMemoryGiB(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        runtime.maxMemory() / 1048576.0,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static double totalMemoryGiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1048576.0;
        }
      }
    } catch (Exception e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  private static void log(String message) {
    System.out.println("[bench] " + message);
  }
}
