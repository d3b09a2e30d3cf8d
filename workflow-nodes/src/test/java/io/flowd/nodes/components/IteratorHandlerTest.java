package io.flowd.nodes.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.model.ValidationError;
import org.junit.jupiter.api.Test;

class IteratorHandlerTest {
  private final IteratorHandler handler = new IteratorHandler();

  private static ObjectNode config(int batchSize) {
    return (ObjectNode)
        Json.parse(
            "{\"componentId\":\"iterator\",\"items\":\"{{ trigger.items }}\","
                + "\"workflow_id\":\"fl_0000000000000000\",\"batch_size\":"
                + batchSize
                + "}");
  }

  @Test
  void batch_size_up_to_the_history_safe_maximum_is_accepted() {
    assertThat(handler.validateConfig(config(IteratorHandler.MAX_BATCH_SIZE), "nodes[1].data"))
        .isEmpty();
  }

  @Test
  void batch_size_that_could_outgrow_one_history_is_rejected_with_its_path() {
    assertThat(handler.validateConfig(config(IteratorHandler.MAX_BATCH_SIZE + 1), "nodes[1].data"))
        .extracting(ValidationError::path)
        .containsExactly("nodes[1].data.batch_size");
  }
}
