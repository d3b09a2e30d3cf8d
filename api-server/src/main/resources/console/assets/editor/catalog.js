// The editor's knowledge of components, read from the served /openapi.json: every component's
// configuration schema (NodeData.<componentId>), grouped for the palette, turned into schemas the
// form library renders, and the workflow-level settings of WorkflowCreate.

const SCHEMAS = '#/components/schemas/';
const ANY = ['string', 'number', 'boolean', 'object', 'array'];
const CONTROL = new Set(['delay', 'wait_for_input', 'wait_for_event', 'terminate', 'iterator', 'trigger_workflow']);
const DATA = new Set(['data_mapper', 'json_parser', 'text_transform', 'date_transform', 'validate']);

/** The palette's groups, in order. */
export const GROUPS = ['triggers', 'actions', 'conditions', 'control', 'data'];

/** Settings of the workflow edited beside the graph (the rest of WorkflowCreate is name and graph). */
export const SETTINGS = [
  'schedule_type', 'schedule_value', 'schedule_timezone', 'schedule_overlap', 'schedule_catchup_seconds',
  'is_active', 'timeout_seconds', 'concurrency', 'on_failure', 'webhook_signature', 'webhook_dedupe_header',
];

let loaded = null;

/** Reads /openapi.json once and answers the catalog of components and the settings schema. */
export function catalog() {
  if (!loaded) {
    loaded = fetch('/openapi.json', { cache: 'no-store' })
      .then((r) => {
        if (!r.ok) throw new Error(`/openapi.json answered HTTP ${r.status}`);
        return r.json();
      })
      .then(build);
  }
  return loaded;
}

function build(doc) {
  const schemas = doc.components.schemas;
  const ids = schemas.ComponentId.enum ?? [];
  const components = new Map();
  for (const id of ids) {
    const raw = schemas[`NodeData.${id}`];
    if (!raw) continue;
    const schema = formSchema(deref(raw, schemas, 0));
    delete schema.properties.componentId;
    schema.properties = ownFieldsFirst(schema.properties, schemas.NodeSettings);
    schema.required = (schema.required ?? []).filter((r) => r !== 'componentId');
    schema.title = id;
    components.set(id, {
      id,
      group: groupOf(id),
      nodeType: nodeTypeOf(id),
      description: schema.description ?? '',
      outputs: outputsOf(schema.description ?? ''),
      schema,
    });
  }
  const create = deref(schemas.WorkflowCreate, schemas, 0);
  const settings = { type: 'object', title: 'Workflow settings', properties: {} };
  for (const key of SETTINGS) {
    if (create.properties[key]) settings.properties[key] = formSchema(create.properties[key]);
  }
  return { components, settings };
}

function deref(schema, schemas, depth) {
  if (Array.isArray(schema)) return schema.map((s) => deref(s, schemas, depth));
  if (!schema || typeof schema !== 'object') return schema;
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith(SCHEMAS) && depth < 8) {
    return deref(schemas[schema.$ref.slice(SCHEMAS.length)], schemas, depth + 1);
  }
  const out = {};
  for (const [k, v] of Object.entries(schema)) out[k] = deref(v, schemas, depth);
  return out;
}

/**
 * Adapts a served schema to the form library: a field without a type takes any value, and "null"
 * leaves a type array (an empty field is left out rather than sent as null), so that a field of one
 * type other than null gets that type's editor and a field of several a choice of type.
 */
function formSchema(schema) {
  if (!schema || typeof schema !== 'object') return schema;
  const out = { ...schema };
  if (Array.isArray(out.type)) {
    const types = out.type.filter((t) => t !== 'null');
    // A field of any type offers a string first, as most such fields hold a template.
    out.type = types.length === 1 ? types[0] : ANY.every((t) => types.includes(t)) ? ANY : types;
  }
  if (out.properties) {
    const props = {};
    for (const [k, v] of Object.entries(out.properties)) {
      const typed = v && (v.type || v.enum || v.$ref || v.anyOf || v.oneOf || v.allOf || 'const' in v);
      props[k] = formSchema(typed ? v : { ...v, type: ANY });
      if (Array.isArray(props[k].type) && !props[k].title) props[k].title = k;
    }
    out.properties = props;
  }
  if (out.items) out.items = formSchema(out.items);
  if (out.type === 'object' && !out.properties && out.additionalProperties !== false) {
    out.format = 'table';
  }
  return out;
}

/** The component's own fields, then the settings every node takes. */
function ownFieldsFirst(properties, settings) {
  const shared = new Set(Object.keys((settings && settings.properties) ?? {}));
  const out = {};
  for (const [k, v] of Object.entries(properties)) if (!shared.has(k)) out[k] = v;
  for (const [k, v] of Object.entries(properties)) if (shared.has(k)) out[k] = v;
  return out;
}

function groupOf(id) {
  if (id.endsWith('_trigger')) return 'triggers';
  if (id.endsWith('_condition') || id === 'logical_group') return 'conditions';
  if (CONTROL.has(id) || id.startsWith('wait_')) return 'control';
  if (DATA.has(id) || id.endsWith('_transform') || id.endsWith('_parser')) return 'data';
  return 'actions';
}

function nodeTypeOf(id) {
  if (id.endsWith('_trigger')) return 'trigger';
  if (id.endsWith('_condition') || id === 'logical_group') return 'condition';
  return 'action';
}

/** The output fields a component's description names ("Its output is {"status", "body"}"). */
function outputsOf(description) {
  const m = /output is \{([^}]*)\}/.exec(description);
  if (!m) return [];
  return [...m[1].matchAll(/"([A-Za-z0-9_]+)"/g)].map((x) => x[1]);
}

/** The handles a node leaves by, in the order of its connectors on the canvas. */
export function handlesOf(node) {
  const data = node.data ?? {};
  let handles;
  if (data.componentId === 'switch_condition') {
    handles = [...(Array.isArray(data.cases) ? data.cases.map((c) => c && c.handle).filter(Boolean) : []), 'default'];
  } else if (node.type === 'condition') {
    handles = ['true', 'false'];
  } else {
    handles = [null];
  }
  if (data.continue_on_error === true) handles.push('error');
  return handles;
}
