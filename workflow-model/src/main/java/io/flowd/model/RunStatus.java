package io.flowd.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * A run's status: {@code pending → running → completed | failed | cancelled}, {@code waiting}; a
 * run held back by its workflow's concurrency limit is {@code queued} until a slot frees.
 */
public enum RunStatus {
  PENDING,
  QUEUED,
  RUNNING,
  WAITING,
  COMPLETED,
  FAILED,
  CANCELLED;

  /** Returns the contract's spelling, such as {@code "running"}. */
  @JsonValue
  public String json() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Returns whether the run has ended. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /**
   * Returns the terminal statuses as a SQL list of literals, {@code 'completed', 'failed',
   * 'cancelled'}: the store's statements take it from here (as the {@code <terminal_statuses>}
   * attribute of every jdbi statement), so the rule is written once.
   */
  public static String terminalSqlList() {
    return Arrays.stream(values())
        .filter(RunStatus::isTerminal)
        .map(s -> "'" + s.json() + "'")
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** Reads the contract's spelling; returns {@code null} for anything else. */
  @JsonCreator
  public static RunStatus fromJson(String value) {
    return Arrays.stream(values()).filter(s -> s.json().equals(value)).findFirst().orElse(null);
  }
}
