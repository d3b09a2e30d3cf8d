package io.flowd.local;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.flowd.api.run.archsample.RunUsingAWorkflowController;
import io.flowd.archsample.api.ApiUsingTheWorker;
import io.flowd.archsample.api.ApiWritingARunStatus;
import io.flowd.archsample.api.DaoReadingController;
import io.flowd.nodes.archsample.NodeUsingTemporal;
import io.flowd.runs.archsample.EngineFinishingARun;
import io.flowd.runs.archsample.EngineUsingTheApi;
import io.flowd.store.archsample.SampleDao;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules hold for flowd's main code, and each one catches a sample that breaks it. */
class ModuleRulesTest {
  private static JavaClasses flowd;

  @BeforeAll
  static void importMainClasses() {
    flowd =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.flowd");
  }

  @Test
  void main_code_outside_the_worker_never_uses_the_worker() {
    assertThatCode(() -> ModuleRules.NO_WORKER_OUTSIDE_THE_WORKER.check(flowd))
        .doesNotThrowAnyException();
  }

  @Test
  void model_store_and_nodes_never_use_temporal() {
    assertThatCode(() -> ModuleRules.NO_TEMPORAL_IN_MODEL_STORE_NODES.check(flowd))
        .doesNotThrowAnyException();
  }

  @Test
  void every_dao_method_takes_the_tenant_first_or_is_marked_cross_tenant() {
    assertThatCode(() -> ModuleRules.DAO_METHODS_TAKE_THE_TENANT_FIRST.check(flowd))
        .doesNotThrowAnyException();
  }

  @Test
  void the_run_engine_never_uses_the_api() {
    assertThatCode(() -> ModuleRules.NO_API_IN_THE_RUN_ENGINE.check(flowd))
        .doesNotThrowAnyException();
  }

  @Test
  void only_run_closing_writes_a_terminal_status() {
    assertThatCode(() -> ModuleRules.ONLY_RUN_CLOSING_WRITES_A_TERMINAL_STATUS.check(flowd))
        .doesNotThrowAnyException();
  }

  @Test
  void only_the_run_engine_writes_a_run_status() {
    assertThatCode(() -> ModuleRules.ONLY_THE_RUN_ENGINE_WRITES_A_RUN_STATUS.check(flowd))
        .doesNotThrowAnyException();
  }

  @Test
  void a_run_engine_class_using_the_api_breaks_the_engine_rule() {
    assertViolated(ModuleRules.NO_API_IN_THE_RUN_ENGINE, EngineUsingTheApi.class, "ApiException");
  }

  @Test
  void an_engine_class_finishing_a_run_outside_run_closing_breaks_the_terminal_rule() {
    assertViolated(
        ModuleRules.ONLY_RUN_CLOSING_WRITES_A_TERMINAL_STATUS, EngineFinishingARun.class, "finish");
  }

  @Test
  void an_api_class_marking_a_run_running_breaks_the_status_rule() {
    assertViolated(
        ModuleRules.ONLY_THE_RUN_ENGINE_WRITES_A_RUN_STATUS,
        ApiWritingARunStatus.class,
        "markRunning");
  }

  @Test
  void no_controller_uses_a_dao() {
    assertThatCode(() -> ModuleRules.NO_CONTROLLER_USES_A_DAO.check(flowd))
        .doesNotThrowAnyException();
  }

  @Test
  void run_and_workflow_controllers_do_not_use_each_other() {
    assertThatCode(
            () -> {
              ModuleRules.RUN_CONTROLLERS_DO_NOT_USE_WORKFLOW_CONTROLLERS.check(flowd);
              ModuleRules.WORKFLOW_CONTROLLERS_DO_NOT_USE_RUN_CONTROLLERS.check(flowd);
            })
        .doesNotThrowAnyException();
  }

  @Test
  void a_controller_reading_a_dao_breaks_the_controller_rule() {
    assertViolated(ModuleRules.NO_CONTROLLER_USES_A_DAO, DaoReadingController.class, "RunDao");
  }

  @Test
  void a_run_class_using_a_workflow_controller_breaks_the_separation_rule() {
    assertViolated(
        ModuleRules.RUN_CONTROLLERS_DO_NOT_USE_WORKFLOW_CONTROLLERS,
        RunUsingAWorkflowController.class,
        "WorkflowController");
  }

  @Test
  void the_main_code_import_sees_every_module() {
    assertThatCode(
            () -> {
              for (String type :
                  new String[] {
                    "io.flowd.api.app.ApiServer",
                    "io.flowd.worker.WorkerMain",
                    "io.flowd.engine.RunLaunch",
                    "io.flowd.runs.RunEngine",
                    "io.flowd.nodes.NodeExecution",
                    "io.flowd.store.RunDao",
                    "io.flowd.model.Graph",
                    "io.flowd.cli.FlowdCli"
                  }) {
                flowd.get(type);
              }
            })
        .doesNotThrowAnyException();
  }

  @Test
  void an_api_class_importing_the_worker_breaks_the_worker_rule() {
    assertViolated(ModuleRules.NO_WORKER_OUTSIDE_THE_WORKER, ApiUsingTheWorker.class, "WorkerMain");
  }

  @Test
  void a_node_class_importing_temporal_breaks_the_temporal_rule() {
    assertViolated(
        ModuleRules.NO_TEMPORAL_IN_MODEL_STORE_NODES, NodeUsingTemporal.class, "io.temporal");
  }

  @Test
  void a_dao_method_without_the_tenant_first_breaks_the_dao_rule() {
    assertViolated(ModuleRules.DAO_METHODS_TAKE_THE_TENANT_FIRST, SampleDao.class, "byName");
  }

  @Test
  void the_cli_uses_no_server_classes() {
    assertThatCode(() -> ModuleRules.CLI_TALKS_HTTP_ONLY.check(flowd)).doesNotThrowAnyException();
  }

  @Test
  void a_cli_class_importing_the_store_breaks_the_cli_rule() {
    assertViolated(
        ModuleRules.CLI_TALKS_HTTP_ONLY,
        io.flowd.cli.archsample.CliUsingTheStore.class,
        "io.flowd.store");
  }

  private static void assertViolated(ArchRule rule, Class<?> sample, String mentioned) {
    JavaClasses classes = new ClassFileImporter().importClasses(sample);
    assertThatThrownBy(() -> rule.check(classes))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(mentioned);
  }
}
