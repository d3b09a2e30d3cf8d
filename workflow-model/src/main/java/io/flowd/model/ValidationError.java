package io.flowd.model;

/**
 * One problem found in user input.
 *
 * @param code a stable machine-readable code such as {@code cycle} or {@code invalid_config}
 * @param path where the problem is, such as {@code edges[3]} or {@code nodes[0].data.url}
 * @param message a sentence for people
 */
public record ValidationError(String code, String path, String message) {}
