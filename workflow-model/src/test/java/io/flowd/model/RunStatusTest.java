package io.flowd.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one definition of what is terminal, and the SQL list the store derives from it. */
class RunStatusTest {
  @Test
  void the_sql_list_names_exactly_the_terminal_statuses() {
    assertThat(RunStatus.terminalSqlList()).isEqualTo("'completed', 'failed', 'cancelled'");
    assertThat(RunStatus.values())
        .filteredOn(RunStatus::isTerminal)
        .extracting(RunStatus::json)
        .allSatisfy(status -> assertThat(RunStatus.terminalSqlList()).contains("'" + status + "'"));
  }
}
