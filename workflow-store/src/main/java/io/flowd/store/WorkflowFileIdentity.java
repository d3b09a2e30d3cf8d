package io.flowd.store;

/**
 * How a workflow is named in workflow files.
 *
 * @param id the workflow's id
 * @param key its stable key, or {@code null} when none was given yet
 * @param managedBy what manages it (such as {@code files}), or {@code null} for none
 */
public record WorkflowFileIdentity(String id, String key, String managedBy) {}
