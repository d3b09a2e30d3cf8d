package io.flowd.store;

import java.time.Instant;

/**
 * A run's place in a workflow's runs, newest first: its creation time, then its id.
 *
 * @param at when the run was created
 * @param id its id
 */
public record RunPosition(Instant at, String id) {}
