package io.flowd.store;

import java.time.Instant;

/**
 * What one API replica's consumer of a broker trigger reports.
 *
 * @param workflowId the workflow
 * @param nodeId the trigger node
 * @param replicaId the API replica
 * @param componentId {@code rabbitmq_trigger}, {@code nats_trigger} or {@code kafka_trigger}
 * @param connected whether the consumer is connected to its broker
 * @param lastMessageAt when the last message arrived, or {@code null}
 * @param messagesLastHour messages taken in the last hour
 * @param runsStarted runs started since the replica started
 * @param duplicates messages that replayed an existing run
 * @param deadLettered messages dead-lettered since the replica started
 * @param lag messages waiting in the broker, where the broker reports it, or {@code null}
 * @param lastError the last connection or start error, or {@code null}
 * @param updatedAt when the replica last reported
 */
public record BrokerTriggerState(
    String workflowId,
    String nodeId,
    String replicaId,
    String componentId,
    boolean connected,
    Instant lastMessageAt,
    long messagesLastHour,
    long runsStarted,
    long duplicates,
    long deadLettered,
    Long lag,
    String lastError,
    Instant updatedAt) {}
