package io.flowd.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.flowd.store.CrossTenant;
import java.lang.reflect.Parameter;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.sqlobject.customizer.Bind;

/** The module rules of flowd as ArchUnit rules; {@link ModuleRulesTest} checks them. */
final class ModuleRules {
  private ModuleRules() {}

  /** Only the worker itself and the code that wires it (local start, benchmarks) see the worker. */
  static final ArchRule NO_WORKER_OUTSIDE_THE_WORKER =
      noClasses()
          .that()
          .resideOutsideOfPackages("io.flowd.worker..", "io.flowd.local..", "io.flowd.bench..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.flowd.worker..")
          .because("the API and the nodes talk to the worker only through engine-api");

  /** The model, the store and the nodes are plain Java: no Temporal. */
  static final ArchRule NO_TEMPORAL_IN_MODEL_STORE_NODES =
      noClasses()
          .that()
          .resideInAnyPackage("io.flowd.model..", "io.flowd.store..", "io.flowd.nodes..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.temporal..")
          .because("Temporal belongs to engine-api and the worker");

  /**
   * The command-line tool talks to the server only over HTTP: it may use the model (validator, file
   * form, diff) and the components' schemas, never the API's, the store's or the worker's classes,
   * nor Temporal.
   */
  static final ArchRule CLI_TALKS_HTTP_ONLY =
      noClasses()
          .that()
          .resideInAPackage("io.flowd.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.flowd.api..",
              "io.flowd.store..",
              "io.flowd.worker..",
              "io.flowd.engine..",
              "io.flowd.runs..",
              "io.temporal..")
          .because("the CLI is a client of the HTTP API");

  /** The run engine serves every trigger, not only HTTP: no API type in it. */
  static final ArchRule NO_API_IN_THE_RUN_ENGINE =
      noClasses()
          .that()
          .resideInAPackage("io.flowd.runs..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.flowd.api..")
          .because("each caller maps the engine's outcomes to its own protocol");

  /**
   * Controllers map HTTP to services: no DAO, no jdbi, no plain statements, not even the database
   * handle. The services hold the transactions and the rules.
   */
  static final ArchRule NO_CONTROLLER_USES_A_DAO =
      noClasses()
          .that()
          .haveSimpleNameEndingWith("Controller")
          .should()
          .dependOnClassesThat(
              DescribedPredicate.describe(
                  "a DAO, jdbi, RunStatements or the Database",
                  (JavaClass type) ->
                      type.getPackageName().startsWith("org.jdbi")
                          || (type.getPackageName().startsWith("io.flowd.store")
                              && (type.getSimpleName().endsWith("Dao")
                                  || type.getSimpleName().equals("RunStatements")
                                  || type.getSimpleName().equals("Database")))))
          .because("controllers only map HTTP to services, which hold the data access");

  /** The run routes and the workflow routes meet only in services. */
  static final ArchRule RUN_CONTROLLERS_DO_NOT_USE_WORKFLOW_CONTROLLERS =
      noClasses()
          .that()
          .resideInAPackage("io.flowd.api.run..")
          .should()
          .dependOnClassesThat(
              DescribedPredicate.describe(
                  "a workflow controller",
                  (JavaClass type) ->
                      type.getPackageName().startsWith("io.flowd.api.workflow")
                          && type.getSimpleName().endsWith("Controller")))
          .because("run and workflow controllers share services, not each other");

  /** The workflow routes and the run routes meet only in services. */
  static final ArchRule WORKFLOW_CONTROLLERS_DO_NOT_USE_RUN_CONTROLLERS =
      noClasses()
          .that()
          .resideInAPackage("io.flowd.api.workflow..")
          .should()
          .dependOnClassesThat(
              DescribedPredicate.describe(
                  "a run controller",
                  (JavaClass type) ->
                      type.getPackageName().startsWith("io.flowd.api.run")
                          && type.getSimpleName().endsWith("Controller")))
          .because("run and workflow controllers share services, not each other");

  /** The store methods that set a terminal status (and release the run's concurrency slot). */
  private static final Set<String> TERMINAL_WRITES =
      Set.of(
          "io.flowd.store.RunDao.finish",
          "io.flowd.store.RunDao.finishWithOutput",
          "io.flowd.store.RunStatements.finishWithOutputAndLogs",
          "io.flowd.store.RunControlDao.cancelUndispatched",
          "io.flowd.store.ReconcileDao.cancelUnstartedChildren");

  /** The store methods that set any other status of a run (or record it with one). */
  private static final Set<String> STATUS_WRITES =
      Set.of(
          "io.flowd.store.RunDao.insert",
          "io.flowd.store.RunDao.markRunning",
          "io.flowd.store.RunDao.markDispatchedStatus",
          "io.flowd.store.RunStatements.markRunningWithLogs",
          "io.flowd.store.RunStatements.markAllDispatched",
          "io.flowd.store.RunStatements.insertClaimingKey",
          "io.flowd.store.RunControlDao.markWaiting",
          "io.flowd.store.RunControlDao.markResumed",
          "io.flowd.store.ConcurrencyDao.promote");

  /** Only {@code RunClosing} ends a run: one place releases the slot and starts on_failure. */
  static final ArchRule ONLY_RUN_CLOSING_WRITES_A_TERMINAL_STATUS =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName("io.flowd.runs.RunClosing")
          .and()
          .resideOutsideOfPackage("io.flowd.store..")
          .should()
          .callMethodWhere(targetIn(TERMINAL_WRITES))
          .because("RunClosing is the one terminal status write");

  /** Only the run engine ({@code io.flowd.runs}) writes a run's status. */
  static final ArchRule ONLY_THE_RUN_ENGINE_WRITES_A_RUN_STATUS =
      noClasses()
          .that()
          .resideOutsideOfPackages("io.flowd.runs..", "io.flowd.store..")
          .should()
          .callMethodWhere(targetIn(union(TERMINAL_WRITES, STATUS_WRITES)))
          .because("a run's life is the run engine's");

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  private static DescribedPredicate<JavaMethodCall> targetIn(Set<String> methods) {
    return new DescribedPredicate<>("a method of " + new TreeSet<>(methods)) {
      @Override
      public boolean test(JavaMethodCall call) {
        return methods.contains(
            call.getTarget().getOwner().getFullName() + "." + call.getTarget().getName());
      }
    };
  }

  /** Every public DAO method takes the tenant id first, unless it is marked {@link CrossTenant}. */
  static final ArchRule DAO_METHODS_TAKE_THE_TENANT_FIRST =
      methods()
          .that()
          .areDeclaredInClassesThat()
          .haveSimpleNameEndingWith("Dao")
          .and()
          .areDeclaredInClassesThat()
          .areInterfaces()
          .and()
          .arePublic()
          .and()
          .areNotStatic()
          .and()
          .areNotAnnotatedWith(CrossTenant.class)
          .should(takeTheTenantIdFirst());

  private static ArchCondition<JavaMethod> takeTheTenantIdFirst() {
    return new ArchCondition<>("take the tenant id as their first parameter") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        Parameter[] parameters = method.reflect().getParameters();
        boolean ok = parameters.length > 0 && isTenantId(parameters[0]);
        if (!ok) {
          events.add(
              SimpleConditionEvent.violated(
                  method,
                  method.getFullName()
                      + " does not take the tenant id first (or mark it @CrossTenant)"));
        }
      }
    };
  }

  private static boolean isTenantId(Parameter parameter) {
    Bind bind = parameter.getAnnotation(Bind.class);
    String name = bind != null && !bind.value().isEmpty() ? bind.value() : parameter.getName();
    return parameter.getType() == String.class && "tenantId".equals(name);
  }
}
