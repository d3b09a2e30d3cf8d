// Drawing a workflow graph: node boxes are absolutely positioned elements (each with
// data-node-id and, on a run, data-status), edges one SVG underneath. Stored positions are used
// when every node has one; otherwise a layered layout puts each node one column right of its
// furthest predecessor. Linear in nodes and edges, so 1,000 nodes draw at once. A node's
// data.label, when set, is its title on the graph; the graph fits its box when it opens.

import { h } from './dom.js';

const NODE_W = 190;
const NODE_H = 62;
const GAP_X = 70;
const GAP_Y = 26;
const MARGIN = 24;
const SVG = 'http://www.w3.org/2000/svg';

/** Returns {positions: Map(id -> {x, y}), width, height}. */
export function layout(nodes, edges) {
  const stored = nodes.length > 0 && nodes.every((n) => n.position
    && Number.isFinite(n.position.x) && Number.isFinite(n.position.y));
  const positions = new Map();
  if (stored) {
    const minX = Math.min(...nodes.map((n) => n.position.x));
    const minY = Math.min(...nodes.map((n) => n.position.y));
    for (const n of nodes) {
      positions.set(n.id, { x: n.position.x - minX + MARGIN, y: n.position.y - minY + MARGIN });
    }
  } else {
    layered(nodes, edges, positions);
  }
  let width = 0;
  let height = 0;
  for (const p of positions.values()) {
    width = Math.max(width, p.x + NODE_W + MARGIN);
    height = Math.max(height, p.y + NODE_H + MARGIN);
  }
  return { positions, width, height };
}

function layered(nodes, edges, positions) {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const outgoing = nodes.map(() => []);
  const incoming = nodes.map(() => []);
  for (const e of edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    outgoing[s].push(t);
    incoming[t].push(s);
  }
  const layer = new Array(nodes.length).fill(0);
  const indegree = incoming.map((list) => list.length);
  const queue = [];
  for (let i = 0; i < nodes.length; i++) if (indegree[i] === 0) queue.push(i);
  const seen = new Array(nodes.length).fill(false);
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head];
    seen[i] = true;
    for (const t of outgoing[i]) {
      layer[t] = Math.max(layer[t], layer[i] + 1);
      if (--indegree[t] === 0) queue.push(t);
    }
  }
  const deepest = Math.max(0, ...layer);
  for (let i = 0; i < nodes.length; i++) if (!seen[i]) layer[i] = deepest + 1;
  const columns = [];
  for (let i = 0; i < nodes.length; i++) (columns[layer[i]] ??= []).push(i);
  const row = new Array(nodes.length).fill(0);
  const tallest = Math.max(1, ...columns.map((c) => (c ? c.length : 0)));
  columns.forEach((column, x) => {
    if (!column) return;
    const weight = (i) => {
      const preds = incoming[i];
      return preds.length ? preds.reduce((sum, p) => sum + row[p], 0) / preds.length : i;
    };
    const ordered = column.map((i) => [weight(i), i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const offset = ((tallest - column.length) * (NODE_H + GAP_Y)) / 2;
    ordered.forEach(([, i], y) => {
      row[i] = y;
      positions.set(nodes[i].id, {
        x: MARGIN + x * (NODE_W + GAP_X),
        y: MARGIN + offset + y * (NODE_H + GAP_Y),
      });
    });
  });
}

/**
 * The state of every node of a run: {status, logs, message}. Statuses: success, error,
 * warning (an attempt failed and will be retried), running, waiting, skipped, pending. The run
 * is open unless isTerminal (the server's definition, see api.js features) says it has ended.
 */
export function nodeStates(run, isTerminal) {
  const nodes = run.workflow?.nodes ?? [];
  const edges = run.workflow?.edges ?? [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const logs = new Map(nodes.map((n) => [n.id, []]));
  for (const log of run.logs ?? []) {
    if (logs.has(log.node_id)) logs.get(log.node_id).push(log);
  }
  const incoming = new Map(nodes.map((n) => [n.id, []]));
  for (const e of edges) incoming.get(e.target)?.push(e);
  const waiting = new Set((run.waiting_for ?? []).map((w) => w.node_id));
  const open = !isTerminal(run.status);
  const states = new Map();
  const visit = (id, depth = 0) => {
    if (states.has(id)) return states.get(id);
    states.set(id, { status: 'pending', logs: [], message: null });
    const node = byId.get(id);
    const own = logs.get(id) ?? [];
    const last = own[own.length - 1];
    let status;
    if (waiting.has(id)) status = 'waiting';
    else if (last) status = last.status === 'success' || last.status === 'error' ? last.status : 'warning';
    else if (run.status === 'pending' || run.status === 'queued') status = 'pending';
    else if (node.type === 'trigger') status = 'success';
    else if (depth > 2000) status = 'pending';
    else {
      const sources = incoming.get(id).map((e) => [e, visit(e.source, depth + 1)]);
      const settled = sources.every(([, s]) => s.status === 'success' || s.status === 'error' || s.status === 'skipped');
      const taken = sources.some(([e, s]) => edgeTaken(e, s));
      if (!open) status = 'skipped';
      else if (!settled) status = 'pending';
      else if (!taken) status = 'skipped';
      else if (run.status === 'waiting' && run.waiting_for === undefined && waits(node)) status = 'waiting';
      else status = 'running';
    }
    const state = { status, logs: own, message: last && last.status !== 'success' ? errorMessage(last.output) : null };
    states.set(id, state);
    return state;
  };
  for (const n of nodes) visit(n.id);
  return states;
}

function waits(node) {
  const component = node.data?.componentId;
  return component === 'wait_for_input' || component === 'wait_for_event';
}

function edgeTaken(edge, source) {
  const output = source.logs.length ? source.logs[source.logs.length - 1].output : null;
  const handle = edge.sourceHandle;
  if (source.status === 'error') return handle === 'error' && output != null;
  if (source.status !== 'success') return false;
  if (handle == null) return !(output && typeof output === 'object' && output.error && output.error.message);
  if (handle === 'error') return Boolean(output && output.error);
  if (handle === 'true' || handle === 'false') return String(output?.result) === handle;
  return output?.handle === handle;
}

/** The message of an error output ({error: {message}} or {message}), else null. */
export function errorMessage(output) {
  if (!output || typeof output !== 'object') return typeof output === 'string' ? output : null;
  if (output.error && typeof output.error === 'object' && output.error.message) return String(output.error.message);
  if (output.message) return String(output.message);
  return null;
}

/** A drawn graph with zoom buttons; clicking a node selects it. */
export class GraphView {
  constructor({ nodes, edges, showStatus = false, onSelect = () => {} }) {
    this.nodes = nodes;
    this.showStatus = showStatus;
    this.onSelect = onSelect;
    this.scale = 1;
    this.elements = new Map();
    this.selected = null;
    const { positions, width, height } = layout(nodes, edges);
    this.width = width;
    this.height = height;

    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'graph-edges');
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    for (const e of edges) {
      const from = positions.get(e.source);
      const to = positions.get(e.target);
      if (!from || !to) continue;
      const x1 = from.x + NODE_W;
      const y1 = from.y + NODE_H / 2;
      const x2 = to.x;
      const y2 = to.y + NODE_H / 2;
      const bend = Math.max(30, Math.abs(x2 - x1) / 2);
      const path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`);
      path.setAttribute('class', 'edge');
      path.setAttribute('data-edge-id', e.id);
      svg.append(path);
      if (e.sourceHandle != null) {
        const label = document.createElementNS(SVG, 'text');
        label.setAttribute('x', (x1 + x2) / 2);
        label.setAttribute('y', (y1 + y2) / 2 - 4);
        label.setAttribute('class', 'edge-label');
        label.textContent = e.sourceHandle;
        svg.append(label);
      }
    }

    this.canvas = h('div', { class: 'graph-canvas' }, svg);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const fragment = document.createDocumentFragment();
    for (const n of nodes) {
      const p = positions.get(n.id);
      const el = h('div', {
        class: `node node-${n.type}`,
        'data-node-id': n.id,
        role: 'button',
        tabindex: '0',
        title: n.data?.label ? `${n.data.label} (${n.id})` : n.id,
      },
      typeof n.data?.label === 'string' && n.data.label
        ? h('span', { class: 'node-label' }, n.data.label) : null,
      h('span', { class: 'node-id' }, n.id),
      h('span', { class: 'node-component' }, n.data?.label
        ? `${n.data?.componentId ?? n.type} · ${n.id}` : n.data?.componentId ?? n.type),
      showStatus ? h('span', { class: 'node-status' }) : null,
      showStatus ? h('span', { class: 'node-message' }) : null);
      el.style.left = `${p.x}px`;
      el.style.top = `${p.y}px`;
      if (showStatus) el.setAttribute('data-status', 'pending');
      this.elements.set(n.id, el);
      fragment.append(el);
    }
    this.canvas.append(fragment);
    this.sizer = h('div', { class: 'graph-sizer' }, this.canvas);
    this.viewport = h('div', { class: 'graph-viewport', 'data-node-count': nodes.length }, this.sizer);
    const pick = (event) => {
      const el = event.target.closest('.node');
      if (el) this.select(el.getAttribute('data-node-id'));
    };
    this.canvas.addEventListener('click', pick);
    this.canvas.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        pick(event);
      }
    });
    const zoom = (factor) => () => this.zoom(this.scale * factor);
    this.element = h('div', { class: 'graph' },
      h('div', { class: 'graph-toolbar' },
        h('button', { type: 'button', onclick: zoom(1 / 1.25), 'aria-label': 'Zoom out' }, '−'),
        h('button', { type: 'button', onclick: zoom(1.25), 'aria-label': 'Zoom in' }, '+'),
        h('button', { type: 'button', onclick: () => this.fit() }, 'Fit'),
        h('button', { type: 'button', onclick: () => this.zoom(1) }, '100 %'),
        h('span', { class: 'muted' }, `${nodes.length} nodes, ${edges.length} edges`)),
      this.viewport);
    this.zoom(1);
    // Once the page has placed the graph, shrink it to fit its box (never enlarge it).
    requestAnimationFrame(() => {
      if (this.viewport.isConnected) this.fit();
    });
  }

  zoom(scale) {
    this.scale = Math.min(2, Math.max(0.05, scale));
    this.canvas.style.transform = `scale(${this.scale})`;
    this.sizer.style.width = `${this.width * this.scale}px`;
    this.sizer.style.height = `${this.height * this.scale}px`;
  }

  fit() {
    const w = this.viewport.clientWidth || 800;
    const h_ = this.viewport.clientHeight || 500;
    this.zoom(Math.min(1, w / this.width, h_ / this.height));
  }

  /** Shows each node's state: data-status, the status text, attempts and error message. */
  setStates(states) {
    for (const [id, el] of this.elements) {
      const state = states.get(id);
      if (!state) continue;
      if (el.getAttribute('data-status') !== state.status) el.setAttribute('data-status', state.status);
      const attempts = state.logs.length;
      const text = attempts > 1 ? `${state.status} · ${attempts} attempts` : state.status;
      const status = el.querySelector('.node-status');
      if (status.textContent !== text) status.textContent = text;
      const message = el.querySelector('.node-message');
      const m = state.message ?? '';
      if (message.textContent !== m) {
        message.textContent = m;
        el.title = m ? `${id}: ${m}` : id;
      }
    }
  }

  select(id) {
    if (this.selected) this.elements.get(this.selected)?.classList.remove('selected');
    this.selected = id;
    const el = this.elements.get(id);
    if (el) el.classList.add('selected');
    this.onSelect(id);
  }
}
