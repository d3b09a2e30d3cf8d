package io.flowd.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The three kinds of node the contract knows: a graph has one trigger, then actions and conditions.
 */
public enum NodeType {
  TRIGGER("trigger"),
  ACTION("action"),
  CONDITION("condition");

  private final String json;

  NodeType(String json) {
    this.json = json;
  }

  /** Returns the contract's spelling, such as {@code "trigger"}. */
  @JsonValue
  public String json() {
    return json;
  }

  /** Reads the contract's spelling; returns {@code null} for anything else. */
  @JsonCreator
  public static NodeType fromJson(String value) {
    return Arrays.stream(values()).filter(t -> t.json.equals(value)).findFirst().orElse(null);
  }
}
