package io.flowd.model;

/** Where the editor draws a node; it has no meaning for execution. */
public record Position(double x, double y) {}
