package io.flowd.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A directed edge between two nodes.
 *
 * @param id the edge's id, unique within its graph
 * @param source the id of the node it leaves
 * @param target the id of the node it enters
 * @param sourceHandle the handle it leaves by ({@code "true"}, {@code "false"}, a switch case,
 *     {@code "default"}, {@code "error"}), or {@code null} for a plain success edge
 */
public record Edge(
    String id, String source, String target, @JsonProperty("sourceHandle") String sourceHandle) {}
