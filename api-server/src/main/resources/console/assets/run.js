// A run's page: its graph with every node's state, the selected node's attempts, logs, output
// and error, and the actions (cancel, deliver input, resume from a node, rerun, send an event).
// While the run is open the page reads it again every second. It links the run to its parent,
// its child runs (iterator items, trigger_workflow children) and its failure run, and back.

import { api, ApiError, features, SignedOut } from './api.js';
import { badge, duration, facts, h, link, pretty, readJson, replace, time } from './dom.js';
import { errorMessage, GraphView, nodeStates } from './graph.js';
import { eventForm } from './runs.js';

const POLL_MS = 1000;

export async function runPage(main, ctx) {
  const runId = ctx.params[0];
  replace(main, h('p', { class: 'muted' }, 'Loading…'));
  let run;
  try {
    run = await api('GET', `/workflows/runs/${encodeURIComponent(runId)}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      replace(main, h('h1', null, 'Run not found'), h('p', { class: 'error', role: 'alert' }, e.message));
      return;
    }
    throw e;
  }
  if (!ctx.alive()) return;
  const can = await features();
  const view = new RunView(run, can, ctx);
  replace(main, view.element);
  view.update(run);
  let timer = null;
  const poll = async () => {
    timer = null;
    if (!ctx.alive()) return;
    try {
      view.update(await api('GET', `/workflows/runs/${encodeURIComponent(runId)}`));
    } catch (e) {
      if (e instanceof SignedOut) return;
      view.say(e.message);
    }
    schedule();
  };
  const schedule = () => {
    if (ctx.alive() && timer === null && !can.isTerminal(view.run.status)) timer = setTimeout(poll, POLL_MS);
  };
  view.refresh = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    return poll();
  };
  ctx.onDispose(() => timer !== null && clearTimeout(timer));
  schedule();
}

class RunView {
  constructor(run, can, ctx) {
    this.run = run;
    this.can = can;
    this.ctx = ctx;
    this.refresh = async () => {};
    this.selectedId = null;
    this.panelKey = null;
    this.waitKey = null;
    this.logsKey = null;
    this.actionsKey = null;
    const nodes = run.workflow?.nodes ?? [];
    this.nodes = new Map(nodes.map((n) => [n.id, n]));
    this.graph = new GraphView({
      nodes,
      edges: run.workflow?.edges ?? [],
      showStatus: true,
      onSelect: (id) => {
        this.selectedId = id;
        this.panelKey = null;
        this.renderPanel();
      },
    });
    this.title = h('h1', { id: 'run-title' });
    this.summary = h('div', { id: 'run-summary' });
    this.actions = h('div', { class: 'actions', id: 'run-actions' });
    this.notice = h('p', { class: 'notice', role: 'status', id: 'notice' });
    this.waiting = h('section', { id: 'waiting' });
    this.children = h('section', { id: 'child-runs' });
    this.childrenKey = null;
    this.panel = h('section', { class: 'panel', id: 'node-panel' },
      h('p', { class: 'muted' }, 'Click a node on the graph to see its attempts, output and error, or to resume from it.'));
    this.output = h('pre', { class: 'json', id: 'run-output' });
    this.trigger = h('pre', { class: 'json', id: 'trigger-payload' });
    this.logs = h('div', { id: 'run-logs' });
    this.element = h('div', { class: 'run-page' },
      this.title, this.summary, this.actions, this.notice, this.waiting, this.children,
      h('div', { class: 'run-body' },
        h('div', { class: 'run-graph' }, this.graph.element),
        this.panel),
      h('h2', null, 'Output'), this.output,
      h('h2', null, 'Trigger payload'), this.trigger,
      h('h2', null, 'Logs'), this.logs);
  }

  say(message) {
    this.notice.textContent = message;
  }

  update(run) {
    this.run = run;
    this.states = nodeStates(run, this.can.isTerminal);
    this.graph.setStates(this.states);
    replace(this.title, 'Run ', h('code', null, run.id), ' ', h('span', { id: 'run-status' }, badge(run.status)));
    replace(this.summary, facts([
      ['Workflow', run.workflow
        ? link(`/ui/workflows/${encodeURIComponent(run.workflow.id)}`, `${run.workflow.name} (v${run.workflow_version})`)
        : `v${run.workflow_version}`],
      ['Trigger', run.trigger_type],
      ['Created', time(run.created_at)],
      ['Started', time(run.started_at)],
      ['Completed', time(run.completed_at)],
      ['Duration', duration(run.duration_in_seconds)],
      run.resumed_from_run_id
        ? ['Resumed from', link(`/ui/runs/${encodeURIComponent(run.resumed_from_run_id)}`, h('code', null, run.resumed_from_run_id))]
        : null,
      run.parent_run_id ? ['Parent run', runLink(run.parent_run_id, 'parent-run')] : null,
      run.failure_run_id ? ['Failure run', runLink(run.failure_run_id, 'failure-run')] : null,
      run.failed_run_id ? ['Failed run', runLink(run.failed_run_id, 'failed-run')] : null,
      ['Temporal workflow id', h('code', null, run.temporal_workflow_id ?? '—')],
      run.error_message ? ['Error', h('span', { class: 'error', id: 'run-error' }, run.error_message)] : null,
    ]));
    this.output.textContent = 'output' in run ? pretty(run.output) : outputOfLastNode(run, this.can);
    this.trigger.textContent = pretty(run.trigger_payload);
    this.renderActions();
    this.renderWaiting();
    this.renderChildren();
    this.renderPanel();
    this.renderLogs();
  }

  renderActions() {
    const run = this.run;
    const key = run.status;
    if (key === this.actionsKey) return;
    this.actionsKey = key;
    const open = !this.can.isTerminal(run.status);
    replace(this.actions,
      open ? this.button('cancel-run', 'Cancel run', async () => {
        if (!window.confirm('Cancel this run? Its open nodes, timers and waits stop.')) return;
        await api('POST', `/workflows/runs/${encodeURIComponent(run.id)}/cancel`);
        this.say('Cancellation requested.');
        await this.refresh();
      }, 'danger') : null,
      !open && this.can.has('post', '/workflows/runs/{runId}/rerun') ? this.button('rerun', 'Rerun', async () => {
        const answer = await api('POST', `/workflows/runs/${encodeURIComponent(run.id)}/rerun`);
        this.ctx.navigate(`/ui/runs/${encodeURIComponent(answer.new_run.id)}`);
      }) : null,
      run.status === 'failed' || run.status === 'cancelled'
        ? h('span', { class: 'muted' }, 'To resume, click the node to restart from on the graph.')
        : null,
      run.status === 'waiting' && this.can.has('post', '/workflows/events') ? eventForm() : null);
  }

  /** Lists the runs this run started, read again whenever the run's status changes. */
  async renderChildren() {
    const starts = [...this.nodes.values()].some((n) =>
      n.data?.componentId === 'iterator' || n.data?.componentId === 'trigger_workflow');
    const key = `${this.run.id}|${this.run.status}`;
    if (!starts || key === this.childrenKey) return;
    this.childrenKey = key;
    let page;
    try {
      page = await api('GET', `/workflows/runs?parent_run_id=${encodeURIComponent(this.run.id)}&per_page=100`);
    } catch (e) {
      if (!(e instanceof SignedOut)) this.say(e.message);
      return;
    }
    if (page.data.length === 0) {
      replace(this.children);
      return;
    }
    const more = page.meta.total > page.data.length
      ? link(`/ui/runs?parent_run_id=${encodeURIComponent(this.run.id)}`, `All ${page.meta.total} child runs`)
      : null;
    replace(this.children,
      h('h2', null, `Child runs (${page.meta.total})`),
      h('ul', { class: 'child-runs' }, page.data.map((r) => h('li', { 'data-run-id': r.id },
        runLink(r.id), ' ', badge(r.status)))),
      more);
  }

  button(id, label, action, kind = 'primary') {
    const b = h('button', { type: 'button', id, class: kind }, label);
    b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        await action();
      } catch (e) {
        if (!(e instanceof SignedOut)) this.say(e.message);
      } finally {
        b.disabled = false;
      }
    });
    return b;
  }

  waits() {
    if (Array.isArray(this.run.waiting_for)) return this.run.waiting_for;
    const out = [];
    for (const [id, state] of this.states) {
      if (state.status === 'waiting') out.push({ node_id: id, prompt: this.nodes.get(id)?.data?.prompt ?? null, expires_at: null });
    }
    return out;
  }

  renderWaiting() {
    const waits = this.run.status === 'waiting' ? this.waits() : [];
    const key = JSON.stringify(waits);
    if (key === this.waitKey) return;
    this.waitKey = key;
    if (waits.length === 0) {
      replace(this.waiting);
      return;
    }
    replace(this.waiting, h('h2', null, 'Waiting for input'), waits.map((w) => this.inputForm(w)));
  }

  inputForm(wait) {
    const node = this.nodes.get(wait.node_id);
    const component = node?.data?.componentId;
    const schema = node?.data?.input_schema;
    const form = schema && typeof schema === 'object' ? schemaForm(schema) : null;
    const payload = h('textarea', { class: 'input-payload', rows: 3, spellcheck: 'false', placeholder: '{"approved": true}' });
    return h('div', { class: 'panel waiting', 'data-waiting-node': wait.node_id },
      h('p', null, h('strong', null, wait.node_id), ` (${component ?? 'wait'})`,
        wait.expires_at ? [' · expires ', time(wait.expires_at)] : null),
      wait.prompt != null ? h('p', { class: 'prompt' }, typeof wait.prompt === 'string' ? wait.prompt : pretty(wait.prompt)) : null,
      component === 'wait_for_event'
        ? h('p', { class: 'muted' }, 'This node waits for an event; send one with its key.')
        : [form ? form.element : [h('label', null, 'Payload (JSON)'), payload],
          this.button(null, 'Send input', async () => {
            const value = form ? form.value() : payload.value.trim() === '' ? undefined : readJson(payload.value, 'The payload');
            if (value === undefined && !window.confirm('Nothing was entered. Send an empty payload (null)?')) return;
            const body = { node_id: wait.node_id, payload: value ?? null };
            await api('POST', `/workflows/runs/${encodeURIComponent(this.run.id)}/input`, { body });
            this.say(`Input delivered to ${wait.node_id}.`);
            await this.refresh();
          })]);
  }

  renderPanel() {
    const id = this.selectedId;
    if (id == null) return;
    const state = this.states.get(id);
    const node = this.nodes.get(id);
    if (!state || !node) return;
    const key = `${id}|${state.status}|${state.logs.length}|${this.run.status}`;
    if (key === this.panelKey) return;
    this.panelKey = key;
    const resumable = this.run.status === 'failed' || this.run.status === 'cancelled';
    const version = h('select', { id: 'resume-version' },
      h('option', { value: 'run' }, `this run's version (v${this.run.workflow_version})`),
      h('option', { value: 'latest' }, 'the latest version'));
    replace(this.panel,
      h('h2', null, 'Node ', h('code', { id: 'panel-node-id' }, id)),
      facts([
        ['Component', node.data?.componentId ?? node.type],
        ['Status', h('span', { id: 'panel-status' }, badge(state.status))],
        ['Attempts', String(state.logs.length)],
      ]),
      state.message ? h('p', { class: 'error', id: 'panel-error' }, state.message) : null,
      resumable ? h('div', { class: 'actions' },
        h('label', { for: 'resume-version' }, 'Run '), version,
        this.button('resume-from', `Resume from ${id}`, async () => {
          const q = version.value === 'latest' ? '?version=latest' : '';
          const answer = await api('POST',
            `/workflows/runs/${encodeURIComponent(this.run.id)}/resume-from/${encodeURIComponent(id)}${q}`);
          this.ctx.navigate(`/ui/runs/${encodeURIComponent(answer.new_run.id)}`);
        })) : null,
      state.status === 'waiting' && this.run.status === 'waiting'
        ? this.inputForm(this.waits().find((w) => w.node_id === id) ?? { node_id: id, prompt: node.data?.prompt ?? null })
        : null,
      h('h3', null, 'Attempts'),
      state.logs.length === 0
        ? h('p', { class: 'muted' }, state.status === 'skipped' ? 'Not run (skipped).' : 'No attempt yet.')
        : h('ol', { class: 'attempts' }, state.logs.map((log) => h('li', { 'data-log-status': log.status },
          badge(log.status), ` attempt ${log.attempt} · ${log.duration_ms} ms · `, time(log.created_at),
          log.status !== 'success' && errorMessage(log.output) ? h('p', { class: 'error' }, errorMessage(log.output)) : null,
          h('pre', { class: 'json node-output' }, pretty(log.output)),
          consoleLines(log)))),
      h('h3', null, 'Configuration'),
      h('pre', { class: 'json' }, pretty(node.data ?? {})));
  }

  renderLogs() {
    const logs = this.run.logs ?? [];
    const key = `${logs.length}|${logs.length ? logs[logs.length - 1].id : ''}`;
    if (key === this.logsKey) return;
    this.logsKey = key;
    if (logs.length === 0) {
      replace(this.logs, h('p', { class: 'muted' }, 'No logs yet.'));
      return;
    }
    replace(this.logs, h('table', { class: 'list', id: 'logs' },
      h('thead', null, h('tr', null, ['Node', 'Component', 'Status', 'Attempt', 'Duration', 'At', 'Output'].map((t) => h('th', null, t)))),
      h('tbody', null, logs.map((log) => h('tr', { 'data-node-id': log.node_id },
        h('td', null, h('code', null, log.node_id)),
        h('td', null, log.component_id),
        h('td', null, badge(log.status)),
        h('td', null, String(log.attempt)),
        h('td', null, `${log.duration_ms} ms`),
        h('td', null, time(log.created_at)),
        h('td', { class: 'truncate' }, JSON.stringify(log.output)))))));
  }
}

function runLink(id, elementId) {
  const a = link(`/ui/runs/${encodeURIComponent(id)}`, h('code', null, id));
  if (elementId) a.id = elementId;
  return a;
}

/**
 * A form for an input_schema's top-level properties (strings, numbers, booleans, enums); value()
 * is the payload built from the filled fields, or undefined when nothing was filled in. A schema
 * that is not an object of such properties falls back to a JSON text area.
 */
function schemaForm(schema) {
  const properties = schema.type === 'object' || schema.properties ? schema.properties ?? {} : null;
  const simple = properties && Object.values(properties).every((p) => p && typeof p === 'object'
    && (Array.isArray(p.enum) || ['string', 'number', 'integer', 'boolean'].includes(p.type)));
  if (!simple) {
    const area = h('textarea', { class: 'input-payload', rows: 4, spellcheck: 'false' });
    return {
      element: [h('label', null, 'Payload (JSON), checked against:'), h('pre', { class: 'json' }, pretty(schema)), area],
      value: () => (area.value.trim() === '' ? undefined : readJson(area.value, 'The payload')),
    };
  }
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const fields = Object.entries(properties).map(([name, p]) => {
    let input;
    if (Array.isArray(p.enum)) {
      input = h('select', { name }, h('option', { value: '' }, '—'),
        p.enum.map((v, i) => h('option', { value: String(i) }, JSON.stringify(v))));
    } else if (p.type === 'boolean') {
      input = h('select', { name }, h('option', { value: '' }, '—'),
        h('option', { value: 'true' }, 'true'), h('option', { value: 'false' }, 'false'));
    } else {
      input = h('input', { name, type: p.type === 'string' ? 'text' : 'number', step: p.type === 'integer' ? '1' : 'any' });
    }
    const read = () => {
      if (input.value === '') return undefined;
      if (Array.isArray(p.enum)) return p.enum[Number(input.value)];
      if (p.type === 'boolean') return input.value === 'true';
      if (p.type === 'string') return input.value;
      return Number(input.value);
    };
    const label = h('label', { class: 'input-field', 'data-field': name },
      `${p.title ?? name}${required.has(name) ? ' *' : ''} `, input,
      p.description ? h('span', { class: 'muted' }, ` ${p.description}`) : null);
    return { name, read, label };
  });
  return {
    element: h('fieldset', { class: 'input-form' }, h('legend', null, 'Input'), fields.map((f) => f.label)),
    value: () => {
      const out = {};
      for (const f of fields) {
        const v = f.read();
        if (v !== undefined) out[f.name] = v;
      }
      return Object.keys(out).length ? out : undefined;
    },
  };
}

/** A code node's console.log lines (from the log, or from a failure's error object), or null. */
function consoleLines(log) {
  const lines = log.console?.length ? log.console : log.output?.error?.console;
  if (!Array.isArray(lines) || lines.length === 0) return null;
  return h('div', { class: 'node-console' },
    h('h4', null, 'Console'),
    h('pre', { class: 'console-lines' }, lines.join('\n')));
}

function outputOfLastNode(run, can) {
  if (!can.isTerminal(run.status)) return 'null (the run is still open)';
  const logs = (run.logs ?? []).filter((l) => l.status === 'success');
  return logs.length ? pretty(logs[logs.length - 1].output) : 'null';
}
