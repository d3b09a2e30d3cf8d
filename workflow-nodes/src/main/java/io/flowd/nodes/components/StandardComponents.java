package io.flowd.nodes.components;

import io.flowd.model.condition.Conditions;
import io.flowd.nodes.http.NetworkGuard;
import io.flowd.nodes.http.WebhookClient;
import io.flowd.nodes.spi.NodeHandler;
import io.flowd.nodes.spi.NodeHandlerRegistry;
import io.flowd.nodes.spi.TriggerHandler;
import java.util.ArrayList;
import java.util.List;

/** The components of the contract that flowd ships. */
public final class StandardComponents {
  private StandardComponents() {}

  /** Returns the standard handlers, plus any extra ones (tests add their own kinds). */
  public static NodeHandlerRegistry registry(boolean allowPrivateNetworks, NodeHandler... extra) {
    List<NodeHandler> handlers = new ArrayList<>();
    for (String trigger :
        List.of(
            "manual_trigger",
            "webhook_trigger",
            "scheduled_trigger",
            "api_trigger",
            "workflow_trigger")) {
      handlers.add(new TriggerHandler(trigger));
    }
    handlers.add(new DataMapperHandler());
    handlers.add(new DelayHandler());
    handlers.add(new WebhookHandler(new WebhookClient(new NetworkGuard(allowPrivateNetworks))));
    for (String condition : Conditions.components()) {
      handlers.add(new ConditionHandler(condition));
    }
    handlers.add(new SwitchConditionHandler());
    handlers.add(new LogicalGroupHandler());
    handlers.add(new JsonParserHandler());
    handlers.add(new TextTransformHandler());
    handlers.add(new DateTransformHandler());
    handlers.add(new ValidateHandler());
    handlers.addAll(
        List.of(
            new TerminateHandler(),
            new WaitForInputHandler(),
            new WaitForEventHandler(),
            new TriggerWorkflowHandler(),
            new IteratorHandler()));
    handlers.addAll(List.of(extra));
    return new NodeHandlerRegistry(handlers);
  }
}
