package io.flowd.nodes.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.ComponentCatalog;
import io.flowd.model.ComponentSpec;
import io.flowd.model.NodeType;
import io.flowd.model.ValidationError;
import io.flowd.nodes.NodesConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * All node handlers by component id, each with its configuration schema; the graph validator's
 * {@link ComponentCatalog}.
 *
 * <p>{@link #load} finds the handlers with {@link ServiceLoader}: every {@link NodeHandler} listed
 * in {@code META-INF/services/io.flowd.nodes.spi.NodeHandler} and every handler of the {@link
 * NodeHandlerProvider}s listed in {@code META-INF/services/io.flowd.nodes.spi.NodeHandlerProvider},
 * in the order of those files. So a new node kind is a handler class, its line in a services file,
 * its schema ({@link ConfigSchema}) and its test.
 *
 * <p>The validator checks a node's config against the schema first, then runs the handler's own
 * checks; where both report a field, only the handler's (more precise) message is kept.
 */
public final class NodeHandlerRegistry implements ComponentCatalog {
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** The settings every node's data takes beside its component's own fields. */
  private static final List<String> SETTINGS = settingNames();

  private record Entry(NodeHandler handler, ConfigSchema schema) implements ComponentSpec {
    @Override
    public String description() {
      return schema.document().path("description").asText("");
    }

    @Override
    public String componentId() {
      return handler.componentId();
    }

    @Override
    public NodeType type() {
      return handler.type();
    }

    @Override
    public List<String> outputHandles(ObjectNode data) {
      return handler.outputHandles(data);
    }

    @Override
    public String handleFromOutput(JsonNode output) {
      return handler.handleFromOutput(output);
    }

    @Override
    public boolean resolvesVault() {
      return handler.resolvesVault();
    }

    @Override
    public List<String> expressionFields() {
      return handler.expressionFields();
    }

    @Override
    public List<ValidationError> validateConfig(ObjectNode data, String pathPrefix) {
      List<ValidationError> found = handler.validateConfig(data, pathPrefix);
      List<ValidationError> semantic = found == null ? List.of() : found;
      List<ValidationError> errors = new ArrayList<>();
      for (ValidationError error : schema.check(data, pathPrefix, SETTINGS)) {
        if (semantic.stream().noneMatch(s -> overlaps(s.path(), error.path()))) {
          errors.add(error);
        }
      }
      errors.addAll(semantic);
      return errors;
    }
  }

  private NodeHandlerRegistry(List<NodeHandler> standard, List<NodeHandler> extra) {
    for (NodeHandler handler : standard) {
      add(handler, ConfigSchema.of(handler.componentId(), handler.getClass().getClassLoader()));
    }
    for (NodeHandler handler : extra) {
      add(
          handler,
          ConfigSchema.read(
                  ConfigSchema.FOLDER + handler.componentId() + ".json",
                  handler.getClass().getClassLoader())
              .orElseGet(ConfigSchema::anyObject));
    }
  }

  /**
   * Creates a registry of exactly the given handlers, with their schemas where they ship one;
   * component ids must be unique.
   */
  public NodeHandlerRegistry(List<NodeHandler> all) {
    this(List.of(), all);
  }

  /**
   * Loads the handlers the class path registers, plus {@code extra} ones (tests add their own
   * kinds; their schema is optional).
   *
   * @throws IllegalStateException when a registered handler has no schema
   * @throws IllegalArgumentException when two handlers share a component id
   */
  public static NodeHandlerRegistry load(NodesConfig config, NodeHandler... extra) {
    ClassLoader loader = NodeHandlerRegistry.class.getClassLoader();
    List<NodeHandler> standard = new ArrayList<>();
    for (NodeHandlerProvider provider : ServiceLoader.load(NodeHandlerProvider.class, loader)) {
      standard.addAll(provider.handlers(config));
    }
    ServiceLoader.load(NodeHandler.class, loader).forEach(standard::add);
    return new NodeHandlerRegistry(standard, List.of(extra));
  }

  private void add(NodeHandler handler, ConfigSchema schema) {
    if (entries.put(handler.componentId(), new Entry(handler, schema)) != null) {
      throw new IllegalArgumentException("duplicate handler for " + handler.componentId());
    }
  }

  @Override
  public Optional<ComponentSpec> find(String componentId) {
    return Optional.ofNullable(entries.get(componentId));
  }

  /**
   * Returns the handler of a component that the validator accepted.
   *
   * @throws IllegalStateException when there is none (the graph was not validated)
   */
  public NodeHandler get(String componentId) {
    Entry entry = entries.get(componentId);
    if (entry == null) {
      throw new IllegalStateException("no handler for component " + componentId);
    }
    return entry.handler();
  }

  private static List<String> settingNames() {
    List<String> names = new ArrayList<>();
    ConfigSchema.settings().document().path("properties").fieldNames().forEachRemaining(names::add);
    return List.copyOf(names);
  }

  /** Returns every component id, in registration order. */
  @Override
  public List<String> componentIds() {
    return List.copyOf(entries.keySet());
  }

  /**
   * Returns the configuration schema of a registered component.
   *
   * @throws IllegalStateException when there is no such component
   */
  public ConfigSchema schema(String componentId) {
    get(componentId);
    return entries.get(componentId).schema();
  }

  /** Returns whether one path is the other or lies inside it ({@code a.b} and {@code a.b[0]}). */
  static boolean overlaps(String a, String b) {
    return a.equals(b) || inside(a, b) || inside(b, a);
  }

  private static boolean inside(String inner, String outer) {
    return inner.startsWith(outer)
        && (inner.charAt(outer.length()) == '.' || inner.charAt(outer.length()) == '[');
  }
}
