// The workflows list and a workflow's page (graph, version, schedule, webhook URL, broker
// triggers, latest runs).

import { api, ApiError, features } from './api.js';
import { badge, duration, facts, h, link, readJson, replace, time, uuid } from './dom.js';
import { GraphView } from './graph.js';
import { versionsSection } from './versions.js';

export async function workflowsPage(main, ctx) {
  const page = Number(ctx.query.get('page') ?? '1') || 1;
  replace(main, h('h1', null, 'Workflows'), h('p', { class: 'muted' }, 'Loading…'));
  const list = await api('GET', `/workflows?page=${page}&per_page=25`);
  if (!ctx.alive()) return;
  const rows = list.data.map((w) => h('tr', { 'data-workflow-id': w.id },
    h('td', null, link(`/ui/workflows/${encodeURIComponent(w.id)}`, w.name)),
    h('td', null, `v${w.version}`),
    h('td', null, schedule(w)),
    h('td', null, w.webhook_url ? 'webhook' : '—'),
    h('td', null, w.is_active ? 'active' : 'paused'),
    h('td', null, time(w.updated_at))));
  replace(main,
    h('h1', null, 'Workflows'),
    h('p', null, h('a', { href: '/ui/workflows/new', 'data-route': '', id: 'new-workflow', class: 'button primary' }, 'New workflow')),
    list.data.length === 0
      ? h('p', { class: 'muted' }, 'No workflows yet. Create one with New workflow, or with POST /workflows.')
      : h('table', { class: 'list', id: 'workflows' },
        h('thead', null, h('tr', null, ['Name', 'Version', 'Schedule', 'Trigger', 'State', 'Updated'].map((t) => h('th', null, t)))),
        h('tbody', null, rows)),
    pager(list.meta, (p) => `/ui/workflows?page=${p}`));
}

function schedule(w) {
  if (!w.schedule_type || w.schedule_type === 'manual') return 'manual';
  return `${w.schedule_type} ${w.schedule_value ?? ''} (${w.schedule_timezone ?? 'UTC'})`;
}

/** Previous/next links of a page answer. */
export function pager(meta, href) {
  if (!meta || meta.last_page <= 1) return null;
  return h('div', { class: 'pager' },
    meta.current_page > 1 ? link(href(meta.current_page - 1), '← Newer') : null,
    h('span', { class: 'muted' }, `page ${meta.current_page} of ${meta.last_page} · ${meta.total} in all`),
    meta.current_page < meta.last_page ? link(href(meta.current_page + 1), 'Older →') : null);
}

export async function workflowPage(main, ctx) {
  const id = ctx.params[0];
  replace(main, h('p', { class: 'muted' }, 'Loading…'));
  let workflow;
  try {
    workflow = await api('GET', `/workflows/${encodeURIComponent(id)}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      replace(main, h('h1', null, 'Workflow not found'), h('p', { class: 'error', role: 'alert' }, e.message));
      return;
    }
    throw e;
  }
  if (!ctx.alive()) return;
  const can = await features();
  const graph = new GraphView({ nodes: workflow.nodes, edges: workflow.edges });
  const detail = h('pre', { class: 'json', id: 'node-config' }, 'Click a node to see its configuration.');
  graph.onSelect = (nodeId) => {
    const node = workflow.nodes.find((n) => n.id === nodeId);
    detail.textContent = `${nodeId}\n${JSON.stringify(node?.data ?? {}, null, 2)}`;
  };
  const scheduleSection = h('section', { id: 'schedule', hidden: true });
  const previousHook = h('span', { id: 'webhook-previous' });
  replace(main,
    h('h1', null, workflow.name),
    h('p', null, h('a', { href: `/ui/workflows/${encodeURIComponent(workflow.id)}/edit`, 'data-route': '', id: 'edit-workflow', class: 'button' }, 'Edit')),
    workflow.description ? h('p', null, workflow.description) : null,
    facts([
      ['Id', h('code', null, workflow.id)],
      ['Version', h('span', { id: 'workflow-version' }, `v${workflow.version} (current; every run keeps the version it started with)`)],
      ['State', workflow.is_active ? 'active' : 'paused'],
      ['Schedule', schedule(workflow)],
      workflow.next_run_at ? ['Next run', time(workflow.next_run_at)] : null,
      ['Webhook URL', workflow.webhook_url ? h('span', null, h('code', { id: 'webhook-url' }, workflow.webhook_url), previousHook) : '—'],
      ['Created', time(workflow.created_at)],
      ['Updated', time(workflow.updated_at)],
    ]),
    brokerTriggers(workflow.triggers ?? []),
    h('h2', null, 'Graph'),
    graph.element,
    detail,
    scheduleSection,
    runNow(workflow, ctx),
    h('h2', null, 'Latest runs'),
    runTable(workflow.runs ?? [], null),
    h('p', null, link(`/ui/runs?workflow_id=${encodeURIComponent(workflow.id)}`, 'All runs of this workflow →')),
    versionsSection(workflow, ctx, () => workflowPage(main, ctx)));
  if (workflow.webhook_url && can.has('get', '/workflows/{id}/webhook')) {
    try {
      const urls = await api('GET', `/workflows/${encodeURIComponent(id)}/webhook`);
      if (!ctx.alive()) return;
      if (urls.previous_webhook_url) {
        replace(previousHook, h('br'), 'Previous (rotated): ', h('code', { id: 'webhook-previous-url' }, urls.previous_webhook_url),
          ' works until ', h('span', { id: 'webhook-previous-expires' }, time(urls.previous_expires_at)));
      }
    } catch (e) {
      // The current URL is shown either way.
    }
  }
  if (can.has('get', '/workflows/{id}/schedule')) {
    try {
      const s = await api('GET', `/workflows/${encodeURIComponent(id)}/schedule`);
      if (!ctx.alive()) return;
      replace(scheduleSection,
        h('h2', null, 'Schedule'),
        h('h3', null, 'Next fires'),
        (s.next_fires ?? []).length
          ? h('ol', { id: 'next-fires' }, s.next_fires.map((t) => h('li', null, time(t))))
          : h('p', { class: 'muted' }, 'None (manual or paused).'),
        h('h3', null, 'Skipped fires'),
        (s.skips ?? []).length
          ? h('table', { class: 'list', id: 'skips' },
            h('thead', null, h('tr', null, ['Scheduled at', 'Reason', 'Open run'].map((t) => h('th', null, t)))),
            h('tbody', null, s.skips.map((k) => h('tr', null,
              h('td', null, time(k.scheduled_at)),
              h('td', null, k.reason ?? ''),
              h('td', null, k.open_run_id ? link(`/ui/runs/${encodeURIComponent(k.open_run_id)}`, k.open_run_id) : '—')))))
          : h('p', { class: 'muted' }, 'No skipped fires.'));
      scheduleSection.hidden = false;
    } catch (e) {
      scheduleSection.hidden = true;
    }
  }
}

/** Each broker trigger's state as its replicas last reported it (GET /workflows/{id} triggers). */
function brokerTriggers(triggers) {
  if (!triggers.length) return null;
  const headings = ['Node', 'Trigger', 'State', 'Replicas', 'Last message', 'Messages (last hour)',
    'Runs started', 'Duplicates', 'Dead-lettered', 'Lag', 'Last error'];
  return h('section', { id: 'broker-triggers' },
    h('h2', null, 'Broker triggers'),
    h('table', { class: 'list' },
      h('thead', null, h('tr', null, headings.map((t) => h('th', null, t)))),
      h('tbody', null, triggers.map((t) => h('tr', { 'data-node-id': t.node_id },
        h('td', null, h('code', null, t.node_id)),
        h('td', null, t.component_id),
        h('td', { class: `trigger-state ${t.connected ? 'ok' : 'error'}` },
          !t.active ? 'stopped' : t.connected ? 'connected' : 'disconnected'),
        h('td', { class: 'trigger-replicas' }, t.replicas ?? 0),
        h('td', { class: 'trigger-last-message' }, time(t.last_message_at)),
        h('td', { class: 'trigger-messages' }, t.messages_last_hour ?? 0),
        h('td', { class: 'trigger-runs' }, t.runs_started ?? 0),
        h('td', { class: 'trigger-duplicates' }, t.duplicates ?? 0),
        h('td', { class: 'trigger-dead-lettered' }, t.dead_lettered ?? 0),
        h('td', { class: 'trigger-lag' }, t.lag == null ? '—' : t.lag),
        h('td', { class: 'trigger-error' }, t.last_error ?? ''))))));
}

function runNow(workflow, ctx) {
  const context = h('textarea', { id: 'run-context', rows: 3, spellcheck: 'false' }, '{}');
  const notice = h('p', { class: 'notice', role: 'status' });
  const button = h('button', {
    type: 'button',
    id: 'run-now',
    class: 'primary',
    onclick: async () => {
      try {
        const body = { context: readJson(context.value, 'The context') };
        const run = await api('POST', `/workflows/${encodeURIComponent(workflow.id)}/execute`, {
          body, headers: { 'Idempotency-Key': uuid() },
        });
        ctx.navigate(`/ui/runs/${encodeURIComponent(run.id)}`);
      } catch (e) {
        notice.textContent = e.message;
      }
    },
  }, 'Run now');
  return h('details', { class: 'panel' },
    h('summary', null, 'Run now'),
    h('label', { for: 'run-context' }, 'Context (JSON object, the trigger payload)'),
    context, button, notice);
}

/** A table of runs; workflowNames maps workflow ids to names (null hides the column). */
export function runTable(runs, workflowNames) {
  if (runs.length === 0) return h('p', { class: 'muted', id: 'no-runs' }, 'No runs.');
  const heads = ['Run', workflowNames ? 'Workflow' : null, 'Status', 'Trigger', 'Version', 'Created', 'Duration', 'Error'];
  return h('table', { class: 'list', id: 'runs' },
    h('thead', null, h('tr', null, heads.filter(Boolean).map((t) => h('th', null, t)))),
    h('tbody', null, runs.map((r) => h('tr', { 'data-run-id': r.id, 'data-status': r.status },
      h('td', null, link(`/ui/runs/${encodeURIComponent(r.id)}`, h('code', null, r.id))),
      workflowNames ? h('td', null, r.workflow_id
        ? link(`/ui/workflows/${encodeURIComponent(r.workflow_id)}`, workflowNames.get(r.workflow_id) ?? r.workflow_id)
        : '—') : null,
      h('td', null, badge(r.status)),
      h('td', null, r.trigger_type),
      h('td', null, `v${r.workflow_version}`),
      h('td', null, time(r.created_at)),
      h('td', null, duration(r.duration_in_seconds)),
      h('td', { class: 'truncate', title: r.error_message ?? '' }, r.error_message ?? '')))));
}
