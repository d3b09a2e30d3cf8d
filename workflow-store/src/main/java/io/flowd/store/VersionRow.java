package io.flowd.store;

import java.time.Instant;

/**
 * One entry of a workflow's version history.
 *
 * @param version the version number
 * @param createdAt when the version was written
 * @param createdBy the token subject that wrote it, or {@code null} for versions written before
 *     authors were recorded
 * @param changeSummary the stored summary (set by a restore), or {@code null} when the summary is
 *     computed from the previous version
 * @param runs how many runs started on this version
 */
public record VersionRow(
    int version, Instant createdAt, String createdBy, String changeSummary, long runs) {}
