package io.flowd.worker.workflow;

import io.flowd.model.Ids;
import io.temporal.workflow.Workflow;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Run ids chosen in workflow code from Temporal's deterministic random source, so a replay and
 * every retry of the activity that records the run see the same id.
 */
final class WorkflowRunIds {
  private static final BigInteger SPACE = BigInteger.valueOf(36).pow(16);

  private WorkflowRunIds() {}

  static String next() {
    UUID uuid = Workflow.randomUUID();
    ByteBuffer bytes = ByteBuffer.allocate(16);
    bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    String digits = new BigInteger(1, bytes.array()).mod(SPACE).toString(36);
    return Ids.RUN + "0".repeat(16 - digits.length()) + digits;
  }
}
