// Runs across the tenant, with the filters of GET /workflows/runs kept in the page's address.
// Child runs (iterator items, trigger_workflow children) are left out unless asked for: each run's
// page lists its children, and ?parent_run_id=<id> lists one run's children here.

import { api, features } from './api.js';
import { h, readJson, replace, uuid } from './dom.js';
import { pager, runTable } from './workflows.js';

const FILTERS = ['status', 'workflow_id', 'trigger_type', 'since', 'until', 'parent_run_id'];

export async function runsPage(main, ctx) {
  const can = await features();
  const statuses = can.enumOf('RunStatus', ['pending', 'running', 'waiting', 'completed', 'failed', 'cancelled']);
  const triggers = can.enumOf('TriggerType', ['manual', 'webhook', 'schedule', 'api', 'workflow', 'resume']);
  const query = new URLSearchParams();
  for (const name of FILTERS) for (const value of ctx.query.getAll(name)) if (value) query.append(name, value);
  const withChildren = ctx.query.get('children') === 'all';
  if (!query.has('parent_run_id') && !withChildren) query.set('parent_run_id', 'none');
  const page = ctx.query.get('page') ?? '1';
  const [runs, workflows] = await Promise.all([
    api('GET', `/workflows/runs?${query}${query.toString() ? '&' : ''}page=${encodeURIComponent(page)}&per_page=25`),
    api('GET', '/workflows?per_page=100'),
  ]);
  if (!ctx.alive()) return;
  const names = new Map(workflows.data.map((w) => [w.id, w.name]));

  const chosen = new Set(ctx.query.getAll('status'));
  const statusBoxes = statuses.map((s) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'status', value: s, checked: chosen.has(s) }), ` ${s}`));
  const workflowSelect = h('select', { name: 'workflow_id', id: 'filter-workflow' },
    h('option', { value: '' }, 'any workflow'),
    workflows.data.map((w) => h('option', { value: w.id, selected: w.id === ctx.query.get('workflow_id') }, w.name)),
    ctx.query.get('workflow_id') && !names.has(ctx.query.get('workflow_id'))
      ? h('option', { value: ctx.query.get('workflow_id'), selected: true }, ctx.query.get('workflow_id'))
      : null);
  const triggerSelect = h('select', { name: 'trigger_type', id: 'filter-trigger' },
    h('option', { value: '' }, 'any trigger'),
    triggers.map((t) => h('option', { value: t, selected: t === ctx.query.get('trigger_type') }, t)));
  const since = h('input', { type: 'datetime-local', name: 'since', id: 'filter-since', step: '1', value: localValue(ctx.query.get('since')) });
  const until = h('input', { type: 'datetime-local', name: 'until', id: 'filter-until', step: '1', value: localValue(ctx.query.get('until')) });
  const children = h('input', { type: 'checkbox', name: 'children', id: 'filter-children', checked: withChildren });
  const form = h('form', { id: 'run-filters', class: 'filters' },
    h('fieldset', null, h('legend', null, 'Status'), statusBoxes),
    h('label', null, 'Workflow ', workflowSelect),
    h('label', null, 'Trigger ', triggerSelect),
    h('label', null, 'Created since ', since),
    h('label', null, 'until ', until),
    h('label', { class: 'check' }, children, ' include child runs'),
    h('button', { type: 'submit', class: 'primary', id: 'apply-filters' }, 'Apply'),
    h('a', { href: '/ui/runs', 'data-route': '' }, 'Clear'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    statusBoxes.forEach((label) => {
      const box = label.querySelector('input');
      if (box.checked) next.append('status', box.value);
    });
    if (workflowSelect.value) next.set('workflow_id', workflowSelect.value);
    if (triggerSelect.value) next.set('trigger_type', triggerSelect.value);
    if (since.value) next.set('since', new Date(since.value).toISOString());
    if (until.value) next.set('until', new Date(until.value).toISOString());
    if (children.checked) next.set('children', 'all');
    ctx.navigate(`/ui/runs${next.toString() ? `?${next}` : ''}`);
  });
  replace(main,
    h('h1', null, 'Runs'),
    form,
    h('p', { class: 'muted', id: 'run-count' }, `${runs.meta.total} run${runs.meta.total === 1 ? '' : 's'}`,
      ctx.query.get('parent_run_id') ? [' started by run ', h('code', null, ctx.query.get('parent_run_id'))]
        : withChildren ? '' : ' (child runs are listed on their parent run\'s page)'),
    runTable(runs.data, names),
    pager(runs.meta, (p) => `/ui/runs?${uiQuery(ctx)}page=${p}`),
    can.has('post', '/workflows/events') ? eventForm() : null);
}

function uiQuery(ctx) {
  const q = new URLSearchParams();
  for (const name of [...FILTERS, 'children']) for (const value of ctx.query.getAll(name)) if (value) q.append(name, value);
  return q.toString() ? `${q}&` : '';
}

function localValue(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** POST /workflows/events: delivers a payload to every run waiting on the key. */
export function eventForm(key = '') {
  const keyInput = h('input', { id: 'event-key', type: 'text', value: key });
  const payload = h('textarea', { id: 'event-payload', rows: 3, spellcheck: 'false' }, '{}');
  const notice = h('p', { class: 'notice', role: 'status', id: 'event-notice' });
  return h('details', { class: 'panel', id: 'send-event' },
    h('summary', null, 'Send an event'),
    h('label', { for: 'event-key' }, 'Key'), keyInput,
    h('label', { for: 'event-payload' }, 'Payload (JSON)'), payload,
    h('button', {
      type: 'button',
      class: 'primary',
      onclick: async () => {
        try {
          const answer = await api('POST', '/workflows/events', {
            body: { key: keyInput.value, payload: readJson(payload.value, 'The payload') },
            headers: { 'Idempotency-Key': uuid() },
          });
          notice.textContent = `Delivered to ${answer.delivered} waiting run(s).`;
        } catch (e) {
          notice.textContent = e.message;
        }
      },
    }, 'Send event'),
    notice);
}
