// A workflow's version history on its page: who changed what and when, the diff between two
// versions, and restoring an old one. Workflows managed by files ask before a change here.

import { api, ApiError } from './api.js';
import { h, replace, time } from './dom.js';

/**
 * Asks the person to confirm a change made in the console to a workflow that files manage (the
 * next `flowd apply` would undo it). Returns true when the change may go ahead.
 */
export function confirmManagedChange(managedBy, what) {
  if (!managedBy) return true;
  return window.confirm(`This workflow is managed by ${managedBy}: the next apply of its files will undo this change.\n\n${what}?`);
}

/** The versions section of a workflow page; `reload` is called after a restore. */
export function versionsSection(workflow, ctx, reload) {
  const section = h('section', { id: 'versions' }, h('h2', null, 'Versions'), h('p', { class: 'muted' }, 'Loading…'));
  load(section, workflow, ctx, reload);
  return section;
}

async function load(section, workflow, ctx, reload) {
  const id = encodeURIComponent(workflow.id);
  let file;
  let page;
  try {
    [file, page] = await Promise.all([
      api('GET', `/workflows/${id}/file`),
      api('GET', `/workflows/${id}/versions?per_page=100`),
    ]);
  } catch (e) {
    if (e instanceof ApiError) {
      replace(section, h('h2', null, 'Versions'), h('p', { class: 'error', role: 'alert' }, e.message));
      return;
    }
    throw e;
  }
  if (!ctx.alive()) return;
  const versions = page.data;
  const diffView = h('div', { id: 'version-diff' });
  const message = h('p', { class: 'notice', id: 'version-message', role: 'status' });
  const pick = (name, selected) => h('select', { id: name, 'aria-label': name === 'diff-from' ? 'From version' : 'To version' },
    versions.map((v) => h('option', { value: String(v.version), selected: v.version === selected }, `v${v.version}`)));
  const newest = versions.length ? versions[0].version : 1;
  const from = pick('diff-from', versions.length > 1 ? versions[1].version : newest);
  const to = pick('diff-to', newest);
  const compare = h('button', { type: 'button', id: 'diff-button', onclick: () => showDiff(workflow.id, from.value, to.value, diffView) }, 'Compare');
  const rows = versions.map((v) => h('tr', { 'data-version': String(v.version) },
    h('td', null, `v${v.version}`, v.current ? h('span', { class: 'muted' }, ' (current)') : null),
    h('td', null, time(v.created_at)),
    h('td', null, v.created_by ?? '—'),
    h('td', null, String(v.runs_count)),
    h('td', { class: 'change-summary' }, v.change_summary ?? ''),
    h('td', null, v.current ? null : h('button', {
      type: 'button',
      class: 'restore',
      'data-version': String(v.version),
      onclick: () => restore(workflow, v.version, file.managed_by, message, reload),
    }, 'Restore'))));
  replace(section,
    h('h2', null, 'Versions'),
    file.managed_by
      ? h('p', { class: 'notice', id: 'managed-by' }, `Managed by ${file.managed_by} (key ${file.key}): changes made here are undone by the next apply.`)
      : h('p', { class: 'muted', id: 'workflow-key' }, `Key: ${file.key}`),
    message,
    h('table', { class: 'list', id: 'version-list' },
      h('thead', null, h('tr', null, ['Version', 'Created', 'By', 'Runs', 'Change', ''].map((t) => h('th', null, t)))),
      h('tbody', null, rows)),
    versions.length > 1 ? h('div', { class: 'actions' }, 'Compare', from, 'with', to, compare) : null,
    diffView);
}

async function showDiff(id, a, b, view) {
  replace(view, h('p', { class: 'muted' }, 'Loading…'));
  try {
    const diff = await api('GET', `/workflows/${encodeURIComponent(id)}/versions/${a}/diff/${b}`);
    const line = (kind, text) => h('li', { class: `diff-${kind}` }, text);
    const items = [
      ...diff.nodes.added.map((n) => line('added', `+ node ${n.id} (${n.componentId})`)),
      ...diff.nodes.removed.map((n) => line('removed', `- node ${n.id} (${n.componentId})`)),
      ...diff.nodes.modified.flatMap((n) => n.changes.map((c) =>
        line('modified', `~ node ${n.id} ${c.path}: ${JSON.stringify(c.old)} → ${JSON.stringify(c.new)}`))),
      ...diff.edges.added.map((e) => line('added', `+ edge ${e.source} → ${e.target}${e.sourceHandle ? ` [${e.sourceHandle}]` : ''}`)),
      ...diff.edges.removed.map((e) => line('removed', `- edge ${e.source} → ${e.target}${e.sourceHandle ? ` [${e.sourceHandle}]` : ''}`)),
      ...diff.settings.map((c) => line('modified', `~ ${c.path}: ${JSON.stringify(c.old)} → ${JSON.stringify(c.new)}`)),
    ];
    replace(view,
      h('h3', null, `v${a} → v${b}: ${diff.summary}`),
      items.length ? h('ul', { class: 'diff', id: 'diff-lines' }, items) : h('p', { class: 'muted' }, 'No change.'));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    replace(view, h('p', { class: 'error', role: 'alert' }, e.message));
  }
}

async function restore(workflow, version, managedBy, message, reload) {
  if (!confirmManagedChange(managedBy, `Restore version ${version}`)) return;
  try {
    const result = await api('POST', `/workflows/${encodeURIComponent(workflow.id)}/versions/${version}/restore`);
    message.textContent = result.changed
      ? `Restored version ${version} as version ${result.version}. Open runs keep their version.`
      : `Version ${version} is the current definition already.`;
    if (reload) reload();
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    message.textContent = e.message;
  }
}
