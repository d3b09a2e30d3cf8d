// The workflow editor at /ui/workflows/new and /ui/workflows/{id}/edit: a canvas (Drawflow), a
// palette of every component, a form per node generated from its JSON Schema (JSON Editor), live
// validation through POST /workflows/validate, save, test-node, run, import and export. The
// editor's state (name, settings, nodes, edges) is the body the API stores; the canvas and the
// forms are views of it.

import { api, ApiError } from '../api.js';
import { h, readJson, replace, uuid } from '../dom.js';
import { layout } from '../graph.js';
import { catalog, GROUPS, handlesOf, SETTINGS } from './catalog.js';
import { loadForms, loadVendor } from './vendor.js';

const VALIDATE_PAUSE_MS = 400;
const SVG = 'http://www.w3.org/2000/svg';
// From this many nodes on, nodes and edges far outside the shown part of the canvas are not
// rendered (display: none), so the browser styles and lays out only what can be seen.
const CULL_FROM = 200;
const CULL_MARGIN = 400;
const NODE_BOX = { w: 214, h: 90 };
// A node's inner HTML: fixed markup, the texts are set as text.
const NODE_HTML = '<div class="ed-node-body"><span class="node-id"></span><span class="ed-node-component"></span><span class="ed-node-error"></span></div>';
const NODE_TEMPLATE = (() => {
  const t = document.createElement('template');
  t.innerHTML = `<div class="parent-node"><div class="drawflow-node"><div class="inputs"></div><div class="drawflow_content_node">${NODE_HTML}</div><div class="outputs"></div></div></div>`;
  return t.content.firstChild;
})();
const HISTORY = 100;

export async function editorPage(main, ctx) {
  const id = ctx.params[0] ?? null;
  const entered = performance.now();
  replace(main, h('p', { class: 'muted' }, 'Loading the editor…'));
  const [cat, workflow, vault, others] = await Promise.all([
    catalog(),
    id ? api('GET', `/workflows/${encodeURIComponent(id)}`) : null,
    api('GET', '/workflows/vault?per_page=100').catch(() => ({ data: [] })),
    api('GET', '/workflows?per_page=100').catch(() => ({ data: [] })),
    loadVendor(),
  ]);
  if (!ctx.alive()) return;
  const loaded = performance.now();
  const editor = new Editor(main, ctx, cat, workflow, vault.data.map((v) => v.name), others.data);
  Object.assign(editor.timings, { entered, loaded, built: performance.now() });
  ctx.onDispose(() => editor.dispose());
  window.flowdEditor = editor;
}

/** The body the API stores for a workflow, in a stable shape for comparison and saving. */
function bodyOf(state) {
  const body = { name: state.name, description: state.description ?? null, nodes: state.nodes, edges: state.edges };
  for (const key of SETTINGS) if (state.settings[key] !== undefined) body[key] = state.settings[key];
  return body;
}

function stable(value) {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value).sort()) if (value[k] !== undefined) out[k] = stable(value[k]);
    return out;
  }
  return value;
}

const same = (a, b) => JSON.stringify(stable(a)) === JSON.stringify(stable(b));
const clone = (v) => JSON.parse(JSON.stringify(v));

class Editor {
  constructor(main, ctx, cat, workflow, vaultNames, workflows) {
    this.main = main;
    this.ctx = ctx;
    this.cat = cat;
    this.vaultNames = vaultNames;
    this.workflows = workflows;
    this.workflowId = workflow ? workflow.id : null;
    this.version = workflow ? workflow.version : null;
    this.state = workflow ? this.stateOf(workflow) : { name: 'Untitled workflow', description: null, settings: {}, nodes: [], edges: [] };
    this.saved = workflow ? clone(bodyOf(this.state)) : null;
    this.loadedSettings = workflow ? { ...this.state.settings } : {};
    this.undoStack = [];
    this.redoStack = [];
    this.selected = null;
    this.errors = [];
    this.timer = null;
    this.validation = 0;
    this.dfOf = new Map();
    this.idOf = new Map();
    this.building = false;
    this.timings = {};
    this.render();
  }

  stateOf(w) {
    const settings = {};
    for (const key of SETTINGS) if (w[key] !== null && w[key] !== undefined) settings[key] = w[key];
    return { name: w.name, description: w.description ?? null, settings, nodes: clone(w.nodes), edges: clone(w.edges) };
  }

  dispose() {
    clearTimeout(this.timer);
    document.removeEventListener('keydown', this.keys);
    if (window.flowdEditor === this) delete window.flowdEditor;
  }

  // ---- layout of the page ----

  render() {
    this.nameInput = h('input', { type: 'text', id: 'editor-name', value: this.state.name, 'aria-label': 'Workflow name' });
    this.nameInput.addEventListener('input', () => this.change((s) => { s.name = this.nameInput.value; }, { redraw: false }));
    this.notice = h('p', { class: 'notice', id: 'editor-notice', role: 'status' });
    this.status = h('span', { id: 'validation-status', class: 'muted' }, '');
    this.errorList = h('ul', { id: 'editor-errors', class: 'ed-errors' });
    this.canvas = h('div', { id: 'editor-canvas', class: 'ed-canvas', tabindex: '0' });
    this.panel = h('aside', { id: 'editor-panel', class: 'ed-panel' });
    const button = (bid, label, onclick, title) => h('button', { type: 'button', id: bid, onclick, title }, label);
    const toolbar = h('div', { class: 'ed-toolbar' },
      this.nameInput,
      h('button', { type: 'button', id: 'editor-save', class: 'primary', onclick: () => this.save(), title: 'Save (Ctrl+S)' }, 'Save'),
      button('editor-undo', 'Undo', () => this.undo(), 'Undo (Ctrl+Z)'),
      button('editor-redo', 'Redo', () => this.redo(), 'Redo (Ctrl+Y or Ctrl+Shift+Z)'),
      button('zoom-out', '−', () => this.df.zoom_out(), 'Zoom out'),
      button('zoom-in', '+', () => this.df.zoom_in(), 'Zoom in'),
      button('zoom-reset', '100 %', () => this.df.zoom_reset(), 'Zoom to 100 %'),
      button('zoom-fit', 'Fit', () => this.fit(), 'Show the whole graph'),
      button('editor-settings', 'Settings', () => this.select(null), 'Workflow settings'),
      button('editor-export', 'Export', () => this.exportJson(), 'Download the workflow as JSON'),
      this.importButton(),
      this.status,
      this.workflowId ? h('a', { href: `/ui/workflows/${encodeURIComponent(this.workflowId)}`, 'data-route': '', id: 'editor-view' }, 'View page') : null);
    replace(this.main,
      h('h1', null, this.workflowId ? `Edit workflow` : 'New workflow',
        this.version ? h('span', { class: 'muted', id: 'editor-version' }, ` v${this.version}`) : null),
      toolbar, this.notice,
      h('div', { class: 'ed-layout' }, this.palette(), h('div', { class: 'ed-center' }, this.canvas, this.errorList), this.panel));
    this.mountCanvas();
    this.draw();
    this.fit({ shrinkBelow: 0.5 });
    this.timings.fitted = performance.now();
    this.select(null);
    this.timings.panel = performance.now();
    document.removeEventListener('keydown', this.keys);
    this.keys = (e) => this.onKey(e);
    document.addEventListener('keydown', this.keys);
    if (this.state.nodes.length) this.scheduleValidate();
  }

  importButton() {
    const file = h('input', { type: 'file', accept: 'application/json,.json', id: 'editor-import-file', class: 'ed-hidden' });
    file.addEventListener('change', async () => {
      const f = file.files[0];
      if (!f) return;
      try {
        const text = await f.text();
        let body;
        try {
          body = JSON.parse(text);
        } catch (e) {
          throw new Error(await this.parseProblem(text, e));
        }
        if (!Array.isArray(body.nodes) || !Array.isArray(body.edges)) throw new Error('it has no nodes and edges');
        this.change((s) => {
          Object.assign(s, this.stateOf({ ...body, name: body.name ?? s.name }));
        });
        this.nameInput.value = this.state.name;
        this.fit({ shrinkBelow: 0.5 });
        this.say(`Imported ${f.name}: ${body.nodes.length} nodes. Save to keep it.`);
      } catch (e) {
        this.say(`Not imported: ${e.message}`);
      }
      file.value = '';
    });
    return h('label', { class: 'ed-button', for: 'editor-import-file', tabindex: '0' }, 'Import', file);
  }

  /**
   * Says what is wrong with a file that is not JSON in the API's words (one sentence with the line
   * and column), by sending it to POST /workflows/validate; the browser's own message otherwise.
   */
  async parseProblem(text, error) {
    try {
      await api('POST', '/workflows/validate', { raw: text });
    } catch (e) {
      if (e instanceof ApiError && e.status === 400 && e.body && e.body.message) return e.body.message;
    }
    return error.message;
  }

  palette() {
    const search = h('input', { type: 'search', id: 'palette-search', placeholder: 'Find a component (Enter adds)', 'aria-label': 'Find a component' });
    const groups = GROUPS.map((g) => {
      const items = [...this.cat.components.values()].filter((c) => c.group === g);
      return h('section', { class: 'ed-group', 'data-group': g },
        h('h3', null, g),
        items.map((c) => {
          const item = h('button', {
            type: 'button', class: 'ed-component', draggable: 'true', 'data-component': c.id, title: c.description,
            onclick: () => this.addComponent(c.id),
          }, h('strong', null, c.id), h('small', null, c.description.split('. ')[0]));
          item.addEventListener('dragstart', (e) => e.dataTransfer.setData('text/x-flowd-component', c.id));
          return item;
        }));
    });
    search.addEventListener('input', () => {
      const q = search.value.trim().toLowerCase();
      for (const b of this.main.querySelectorAll('.ed-component')) {
        b.hidden = q !== '' && !b.dataset.component.includes(q) && !b.title.toLowerCase().includes(q);
      }
    });
    search.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        search.value = '';
        search.dispatchEvent(new Event('input'));
        this.canvas.focus();
        return;
      }
      if (e.key !== 'Enter') return;
      e.preventDefault();
      const first = [...this.main.querySelectorAll('.ed-component')].find((b) => !b.hidden);
      if (first) this.addComponent(first.dataset.component);
    });
    return h('nav', { class: 'ed-palette', id: 'editor-palette', 'aria-label': 'Components' }, search, groups);
  }

  // ---- the canvas ----

  mountCanvas() {
    const df = new window.Drawflow(this.canvas);
    df.reroute = false;
    df.force_first_input = true;
    df.start();
    this.df = df;
    // Drawflow measures the page to redraw a node's edges (when one is dragged or connected);
    // the measured handle places serve instead, also for edges to nodes that are not rendered.
    const measured = df.updateConnectionNodes.bind(df);
    df.updateConnectionNodes = (elementId) => {
      if (!this.updatePaths(Number(String(elementId).slice(5)))) measured(elementId);
    };
    df.on('translate', (p) => {
      this.pan = p;
      this.scheduleCull();
    });
    df.on('mouseUp', () => {
      if (!this.pan) return;
      this.pan = null;
      this.scheduleCull();
    });
    df.on('zoom', () => this.scheduleCull());
    df.on('connectionCreated', (c) => {
      if (this.building) return;
      const source = this.idOf.get(Number(c.output_id));
      const target = this.idOf.get(Number(c.input_id));
      const node = this.node(source);
      const handle = handlesOf(node)[Number(c.output_class.slice(7)) - 1] ?? null;
      this.change((s) => s.edges.push({ id: this.edgeId(s), source, target, sourceHandle: handle }), { redraw: false });
    });
    df.on('connectionRemoved', (c) => {
      if (this.building) return;
      const source = this.idOf.get(Number(c.output_id));
      const target = this.idOf.get(Number(c.input_id));
      const handle = handlesOf(this.node(source) ?? { data: {} })[Number(c.output_class.slice(7)) - 1] ?? null;
      this.change((s) => {
        s.edges = s.edges.filter((e) => !(e.source === source && e.target === target && (e.sourceHandle ?? null) === handle));
      }, { redraw: false });
    });
    df.on('nodeRemoved', (dfId) => {
      if (this.building) return;
      const nodeId = this.idOf.get(Number(dfId));
      this.change((s) => {
        s.nodes = s.nodes.filter((n) => n.id !== nodeId);
        s.edges = s.edges.filter((e) => e.source !== nodeId && e.target !== nodeId);
      }, { redraw: false });
      this.dfOf.delete(nodeId);
      this.idOf.delete(Number(dfId));
      if (this.selected === nodeId) this.select(null);
    });
    df.on('nodeMoved', (dfId) => {
      const nodeId = this.idOf.get(Number(dfId));
      const d = df.drawflow.drawflow.Home.data[dfId];
      const node = this.node(nodeId);
      if (!node || (node.position && node.position.x === d.pos_x && node.position.y === d.pos_y)) return;
      this.change((s) => {
        s.nodes.find((n) => n.id === nodeId).position = { x: Math.round(d.pos_x), y: Math.round(d.pos_y) };
      }, { redraw: false });
    });
    df.on('nodeSelected', (dfId) => this.select(this.idOf.get(Number(dfId)), { fromCanvas: true }));
    this.canvas.addEventListener('dragover', (e) => e.preventDefault());
    this.canvas.addEventListener('drop', (e) => {
      const component = e.dataTransfer.getData('text/x-flowd-component');
      if (!component) return;
      e.preventDefault();
      const pre = df.precanvas;
      const scale = pre.clientWidth / (pre.clientWidth * df.zoom);
      const rect = pre.getBoundingClientRect();
      this.addComponent(component, { x: Math.round((e.clientX - rect.x) * scale), y: Math.round((e.clientY - rect.y) * scale) }, false);
    });
  }

  /**
   * Draws the whole graph from the state (on open, undo, redo, import and handle changes). The
   * nodes and edges are built off the page and added in one go, in the shape Drawflow builds and
   * keeps them in; edge paths are computed from the handles' places, measured once per node shape,
   * so drawing reads the page's layout only for a few sample nodes.
   */
  draw() {
    const started = performance.now();
    this.building = true;
    const df = this.df;
    df.clear();
    this.dfOf.clear();
    this.idOf.clear();
    const { positions } = layout(this.state.nodes, this.state.edges);
    const data = df.drawflow.drawflow.Home.data;
    const handles = new Map(this.state.nodes.map((n) => [n.id, handlesOf(n)]));
    this.measureShapes(this.state.nodes, handles);
    const page = document.createDocumentFragment();
    this.nodeEls = new Map();
    this.edgeEls = [];
    let dfId = 1;
    for (const n of this.state.nodes) {
      const p = n.position && Number.isFinite(n.position.x) ? n.position : positions.get(n.id) ?? { x: 40, y: 40 };
      const el = this.nodeDom(n, dfId, p, handles.get(n.id));
      this.nodeEls.set(dfId, el);
      page.append(el);
      this.dfOf.set(n.id, dfId);
      this.idOf.set(dfId, n.id);
      dfId++;
    }
    df.nodeId = dfId;
    this.timings.nodes = performance.now() - started;
    for (const e of this.state.edges) {
      const from = this.dfOf.get(e.source);
      const to = this.dfOf.get(e.target);
      const index = from === undefined || to === undefined ? -1 : handles.get(e.source).indexOf(e.sourceHandle ?? null);
      if (index < 0 || !data[to].inputs.input_1) continue;
      const output = `output_${index + 1}`;
      const outs = data[from].outputs[output].connections;
      if (outs.some((c) => c.node === String(to))) continue;
      outs.push({ node: String(to), output: 'input_1' });
      data[to].inputs.input_1.connections.push({ node: String(from), input: output });
      const svg = this.edgeDom(from, to, output);
      this.edgeEls.push({ svg, from, to });
      page.append(svg);
    }
    this.timings.edges = performance.now() - started;
    this.cull();
    df.precanvas.append(page);
    this.timings.edgesDone = performance.now();
    this.building = false;
    this.markErrors();
    if (this.selected && !this.dfOf.has(this.selected)) this.selected = null;
    this.highlight();
    this.timings.draw = performance.now() - started;
    if (!this.timings.opened) requestAnimationFrame(() => setTimeout(() => { this.timings.opened = performance.now(); }));
  }

  /** The shape of a node's box (its classes and number of handles): what its handles' places depend on. */
  static shapeOf(n, handles) {
    return `ed-node ed-${n.type}|${handles.length}`;
  }

  /**
   * Measures, for each node shape not measured yet, where its handles' centres are relative to
   * the node's corner: one sample node per shape is put on the canvas, read and removed.
   */
  measureShapes(nodes, handles) {
    this.shapes ??= new Map();
    const samples = [];
    for (const n of nodes) {
      const shape = Editor.shapeOf(n, handles.get(n.id));
      if (this.shapes.has(shape) || samples.some((s) => s.shape === shape)) continue;
      const el = this.nodeDom(n, `sample-${samples.length}`, { x: 0, y: 0 }, handles.get(n.id), false);
      samples.push({ shape, el });
    }
    if (!samples.length) return;
    for (const s of samples) this.df.precanvas.append(s.el);
    const zoom = this.df.zoom || 1;
    for (const { shape, el } of samples) {
      const box = el.firstChild.getBoundingClientRect();
      const centre = (h) => {
        const r = h.getBoundingClientRect();
        return { x: (r.x - box.x) / zoom + h.offsetWidth / 2, y: (r.y - box.y) / zoom + h.offsetHeight / 2 };
      };
      this.shapes.set(shape, {
        input: [...el.querySelectorAll('.input')].map(centre)[0] ?? null,
        outputs: [...el.querySelectorAll('.output')].map(centre),
      });
    }
    for (const s of samples) s.el.remove();
  }

  /** A node's elements as Drawflow makes them; registers the node with Drawflow when asked. */
  nodeDom(n, dfId, p, handles, register = true) {
    const inputs = n.type === 'trigger' ? 0 : 1;
    const outer = NODE_TEMPLATE.cloneNode(true);
    const el = outer.firstChild;
    el.id = `node-${dfId}`;
    el.className = `drawflow-node ed-node ed-${n.type}`;
    el.style.top = `${p.y}px`;
    el.style.left = `${p.x}px`;
    el.setAttribute('data-node-id', n.id);
    const [ins, content, outs] = el.children;
    for (let k = 0; k < inputs; k++) ins.append(h('div', { class: `input input_${k + 1}` }));
    handles.forEach((handle, k) => {
      outs.append(h('div', handle
        ? { class: `output output_${k + 1}`, 'data-handle': handle, title: `${handle} handle` }
        : { class: `output output_${k + 1}`, 'data-handle': '' }));
    });
    const body = content.firstChild;
    body.children[0].textContent = n.data && n.data.label ? `${n.data.label} (${n.id})` : n.id;
    body.children[1].textContent = n.data ? n.data.componentId : '';
    if (register) {
      const connections = (count, prefix) => Object.fromEntries(Array.from({ length: count }, (_, k) => [`${prefix}_${k + 1}`, { connections: [] }]));
      this.df.drawflow.drawflow.Home.data[dfId] = {
        id: dfId, name: n.id, data: {}, class: `ed-node ed-${n.type}`, html: NODE_HTML, typenode: false,
        inputs: connections(inputs, 'input'), outputs: connections(handles.length, 'output'), pos_x: p.x, pos_y: p.y,
      };
    }
    return outer;
  }

  /** An edge's SVG as Drawflow makes it, with its path drawn. */
  edgeDom(from, to, output) {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', `connection node_in_node-${to} node_out_node-${from} ${output} input_1`);
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('class', 'main-path');
    path.setAttribute('d', this.pathOf(from, to, output) ?? '');
    svg.append(path);
    return svg;
  }

  /** The path from a node's output handle to another's input, or null when a shape is unknown. */
  pathOf(from, to, output) {
    const data = this.df.drawflow.drawflow.Home.data;
    const a = data[from];
    const b = data[to];
    if (!a || !b || !this.shapes) return null;
    const shapeA = this.shapes.get(`${a.class}|${Object.keys(a.outputs).length}`);
    const shapeB = this.shapes.get(`${b.class}|${Object.keys(b.outputs).length}`);
    const out = shapeA && shapeA.outputs[Number(output.slice(7)) - 1];
    const into = shapeB && shapeB.input;
    if (!out || !into) return null;
    return this.df.createCurvature(a.pos_x + out.x, a.pos_y + out.y, b.pos_x + into.x, b.pos_y + into.y, this.df.curvature, 'openclose');
  }

  /**
   * Redraws the edges of a node (that moved) from the handles' measured places; returns false,
   * having drawn nothing, when a shape is not measured.
   */
  updatePaths(dfId) {
    const data = this.df.drawflow.drawflow.Home.data;
    const d = data[dfId];
    if (!d) return false;
    const paths = [];
    for (const [output, o] of Object.entries(d.outputs)) for (const c of o.connections) paths.push([dfId, c.node, output]);
    for (const i of Object.values(d.inputs)) for (const c of i.connections) paths.push([c.node, dfId, c.input]);
    const lines = paths.map(([from, to, output]) => this.pathOf(Number(from), Number(to), output));
    if (lines.includes(null)) return false;
    paths.forEach(([from, to, output], k) => {
      const svg = this.df.precanvas.querySelector(`.connection.node_out_node-${from}.node_in_node-${to}.${output}`);
      if (!svg) return;
      svg.classList.remove('ed-culled');
      svg.firstChild.setAttribute('d', lines[k]);
    });
    return true;
  }

  /** The part of the graph the canvas shows, in the graph's coordinates, with a margin. */
  shownArea() {
    const df = this.df;
    const w = this.canvas.clientWidth || 1200;
    const hgt = this.canvas.clientHeight || 800;
    const z = df.zoom || 1;
    const cx = this.pan ? this.pan.x : df.canvas_x;
    const cy = this.pan ? this.pan.y : df.canvas_y;
    const m = CULL_MARGIN / z;
    return {
      x0: (-w / 2 - cx) / z + w / 2 - m, x1: (w / 2 - cx) / z + w / 2 + m,
      y0: (-hgt / 2 - cy) / z + hgt / 2 - m, y1: (hgt / 2 - cy) / z + hgt / 2 + m,
    };
  }

  /** Hides the nodes and edges of a large graph that lie outside the shown part; shows the others. */
  cull() {
    if (!this.nodeEls) return;
    const data = this.df.drawflow.drawflow.Home.data;
    const all = this.state.nodes.length < CULL_FROM;
    const a = all ? null : this.shownArea();
    const off = (x0, y0, x1, y1) => !all && (x0 > a.x1 || x1 < a.x0 || y0 > a.y1 || y1 < a.y0);
    for (const [dfId, el] of this.nodeEls) {
      const d = data[dfId];
      if (!d) continue;
      const hide = off(d.pos_x, d.pos_y, d.pos_x + NODE_BOX.w, d.pos_y + NODE_BOX.h);
      if (el.classList.contains('ed-culled') !== hide) el.classList.toggle('ed-culled', hide);
    }
    for (const { svg, from, to } of this.edgeEls) {
      const f = data[from];
      const t = data[to];
      if (!f || !t) continue;
      const slack = Math.abs(t.pos_x - f.pos_x) / 2 + NODE_BOX.w;
      const hide = off(Math.min(f.pos_x, t.pos_x) - slack, Math.min(f.pos_y, t.pos_y),
        Math.max(f.pos_x, t.pos_x) + slack, Math.max(f.pos_y, t.pos_y) + NODE_BOX.h);
      if (svg.classList.contains('ed-culled') !== hide) svg.classList.toggle('ed-culled', hide);
    }
  }

  scheduleCull() {
    if (this.cullFrame) return;
    this.cullFrame = requestAnimationFrame(() => {
      this.cullFrame = null;
      this.cull();
    });
  }

  /**
   * Zooms and pans so that every node shows. A graph that would need a zoom under shrinkBelow
   * (very large ones) is only panned to its top left corner.
   */
  fit({ shrinkBelow = 0.2 } = {}) {
    const df = this.df;
    const data = Object.values(df.drawflow.drawflow.Home.data);
    if (!data.length) return;
    const margin = 30;
    const minX = Math.min(...data.map((d) => d.pos_x));
    const minY = Math.min(...data.map((d) => d.pos_y));
    const maxX = Math.max(...data.map((d) => d.pos_x)) + 230;
    const maxY = Math.max(...data.map((d) => d.pos_y)) + 90;
    const w = this.canvas.clientWidth;
    const hgt = this.canvas.clientHeight;
    let z = Math.min(1, (w - 2 * margin) / (maxX - minX), (hgt - 2 * margin) / (maxY - minY));
    if (z < shrinkBelow) z = 1;
    df.zoom_min = Math.min(df.zoom_min, z);
    const cx = margin - w / 2 - (minX - w / 2) * z;
    const cy = margin - hgt / 2 - (minY - hgt / 2) * z;
    Object.assign(df, { zoom: z, zoom_last_value: z, canvas_x: cx, canvas_y: cy });
    df.precanvas.style.transform = `translate(${cx}px, ${cy}px) scale(${z})`;
    this.cull();
  }

  addToCanvas(n, p) {
    const handles = handlesOf(n);
    const dfId = this.df.addNode(n.id, n.type === 'trigger' ? 0 : 1, handles.length, p.x, p.y, `ed-node ed-${n.type}`, {},
      NODE_HTML);
    this.dfOf.set(n.id, dfId);
    this.idOf.set(dfId, n.id);
    this.fillNode(n);
  }

  fillNode(n) {
    const el = this.nodeElement(n.id);
    if (!el) return;
    el.setAttribute('data-node-id', n.id);
    el.querySelector('.node-id').textContent = n.data && n.data.label ? `${n.data.label} (${n.id})` : n.id;
    el.querySelector('.ed-node-component').textContent = n.data ? n.data.componentId : '';
    el.querySelectorAll('.outputs .output').forEach((o, i) => {
      const handle = handlesOf(n)[i];
      if (handle) {
        o.setAttribute('data-handle', handle);
        o.setAttribute('title', `${handle} handle`);
      } else {
        o.setAttribute('data-handle', '');
      }
    });
  }

  connectOnCanvas(e) {
    const source = this.node(e.source);
    const from = this.dfOf.get(e.source);
    const to = this.dfOf.get(e.target);
    if (!source || from === undefined || to === undefined) return;
    const index = handlesOf(source).indexOf(e.sourceHandle ?? null);
    if (index < 0) return;
    this.df.addConnection(from, to, `output_${index + 1}`, 'input_1');
  }

  nodeElement(nodeId) {
    const dfId = this.dfOf.get(nodeId);
    return dfId === undefined ? null : document.getElementById(`node-${dfId}`);
  }

  node(nodeId) {
    return this.state.nodes.find((n) => n.id === nodeId);
  }

  edgeId(s) {
    const taken = new Set(s.edges.map((e) => e.id));
    let i = s.edges.length + 1;
    while (taken.has(`e${i}`)) i++;
    return `e${i}`;
  }

  // ---- changes, undo and redo ----

  /**
   * Applies a change to the state, remembers the state before it for undo, redraws the canvas
   * when asked (or when the change cannot be drawn in place) and validates after a pause.
   */
  change(fn, { redraw = true } = {}) {
    this.undoStack.push(clone(this.state));
    if (this.undoStack.length > HISTORY) this.undoStack.shift();
    this.redoStack = [];
    fn(this.state);
    if (redraw) this.draw();
    this.scheduleValidate();
  }

  undo() {
    if (!this.undoStack.length) return;
    this.redoStack.push(clone(this.state));
    this.state = this.undoStack.pop();
    this.afterHistory();
  }

  redo() {
    if (!this.redoStack.length) return;
    this.undoStack.push(clone(this.state));
    this.state = this.redoStack.pop();
    this.afterHistory();
  }

  afterHistory() {
    this.nameInput.value = this.state.name;
    this.draw();
    this.select(this.selected && this.node(this.selected) ? this.selected : null);
    this.scheduleValidate();
  }

  addComponent(componentId, at, connect = true) {
    const c = this.cat.components.get(componentId);
    const taken = new Set(this.state.nodes.map((n) => n.id));
    const base = componentId.replace(/_(trigger|condition)$/, '') || 'node';
    let i = 1;
    while (taken.has(`${base}_${i}`)) i++;
    const id = `${base}_${i}`;
    const from = connect && this.selected ? this.node(this.selected) : null;
    let position = at;
    if (!position) {
      const p = from ? this.df.drawflow.drawflow.Home.data[this.dfOf.get(from.id)] : null;
      const siblings = from ? this.state.edges.filter((e) => e.source === from.id).length : 0;
      position = p ? { x: Math.round(p.pos_x + 260), y: Math.round(p.pos_y + siblings * 130) }
        : { x: 60, y: 60 + this.state.nodes.length * 130 };
    }
    const node = { id, type: c.nodeType, position, data: { componentId, ...this.initialData(c) } };
    this.change((s) => {
      s.nodes.push(node);
      if (from && c.nodeType !== 'trigger') {
        const used = new Set(s.edges.filter((e) => e.source === from.id).map((e) => e.sourceHandle ?? null));
        const handles = handlesOf(from);
        const handle = handles.find((x) => !used.has(x)) ?? handles[0];
        s.edges.push({ id: this.edgeId(s), source: from.id, target: id, sourceHandle: handle });
      }
    }, { redraw: false });
    this.building = true;
    this.addToCanvas(node, position);
    const edge = this.state.edges.find((e) => e.target === id);
    if (edge) this.connectOnCanvas(edge);
    this.building = false;
    this.select(id);
    this.say(`Added ${id} (${componentId}).`);
  }

  /** The required fields of a new node, at their defaults or empty, so the form shows them. */
  initialData(c) {
    const data = {};
    for (const key of c.schema.required ?? []) {
      const p = c.schema.properties[key] ?? {};
      if (p.default !== undefined) data[key] = p.default;
      else if (Array.isArray(p.enum)) data[key] = p.enum[0];
      else if (p.type === 'object') data[key] = {};
      else if (p.type === 'array') data[key] = [];
      else data[key] = '';
    }
    return data;
  }

  deleteSelected() {
    if (this.selected) {
      const dfId = this.dfOf.get(this.selected);
      this.df.removeNodeId(`node-${dfId}`);
    } else if (this.df.connection_selected) {
      this.df.removeConnection();
    }
  }

  moveSelected(dx, dy) {
    const node = this.node(this.selected);
    if (!node) return;
    const d = this.df.drawflow.drawflow.Home.data[this.dfOf.get(node.id)];
    d.pos_x += dx;
    d.pos_y += dy;
    const el = this.nodeElement(node.id);
    el.style.left = `${d.pos_x}px`;
    el.style.top = `${d.pos_y}px`;
    this.df.updateConnectionNodes(el.id);
    this.change((s) => { s.nodes.find((n) => n.id === node.id).position = { x: d.pos_x, y: d.pos_y }; }, { redraw: false });
  }

  onKey(e) {
    const typing = e.target.closest && e.target.closest('input, textarea, select, [contenteditable]');
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 's') {
      e.preventDefault();
      this.save();
    } else if (typing) {
      return;
    } else if (mod && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      if (e.shiftKey) this.redo(); else this.undo();
    } else if (mod && e.key.toLowerCase() === 'y') {
      e.preventDefault();
      this.redo();
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      if (e.target === this.canvas || this.canvas.contains(e.target)) return; // Drawflow's own
      e.preventDefault();
      this.deleteSelected();
    } else if (e.key === '/' || e.key === 'n') {
      e.preventDefault();
      document.getElementById('palette-search').focus();
    } else if (this.selected && e.key.startsWith('Arrow')) {
      e.preventDefault();
      const step = e.shiftKey ? 100 : 20;
      this.moveSelected(e.key === 'ArrowLeft' ? -step : e.key === 'ArrowRight' ? step : 0,
        e.key === 'ArrowUp' ? -step : e.key === 'ArrowDown' ? step : 0);
    } else if (e.key === 'Escape') {
      this.select(null);
    }
  }

  // ---- the side panel: a node's form or the workflow's settings ----

  select(nodeId, { fromCanvas = false } = {}) {
    this.selected = nodeId;
    if (!fromCanvas) this.highlight();
    if (this.form) {
      this.form.destroy();
      this.form = null;
    }
    if (!window.JSONEditor) {
      replace(this.panel, h('p', { class: 'muted', id: 'panel-loading' }, 'Loading the form…'));
      loadForms().then(() => {
        if (window.flowdEditor === this && this.selected === nodeId && !this.form) this.select(nodeId, { fromCanvas: true });
      }, (e) => this.say(e.message));
      return;
    }
    const node = nodeId ? this.node(nodeId) : null;
    if (node) this.nodePanel(node); else this.settingsPanel();
    this.markFieldErrors();
  }

  highlight() {
    this.canvas.querySelectorAll('.drawflow-node.selected').forEach((n) => n.classList.remove('selected'));
    const el = this.selected ? this.nodeElement(this.selected) : null;
    if (el) el.classList.add('selected');
  }

  jsonForm(target, schema, startval, onChange) {
    const form = new window.JSONEditor(target, {
      schema, startval, theme: 'html', iconlib: null, disable_theme_rules: true, disable_collapse: true,
      disable_edit_json: true, disable_properties: true, disable_array_delete_all_rows: true,
      disable_array_delete_last_row: true, show_opt_in: true, show_errors: 'never', prompt_before_delete: false,
      array_controls_top: true,
    });
    let ready = false;
    form.on('ready', () => {
      ready = true;
      this.decorate(target);
    });
    form.on('change', () => {
      if (!ready) return;
      this.decorate(target);
      onChange(form.getValue());
    });
    return form;
  }

  nodePanel(node) {
    const c = this.cat.components.get(node.data.componentId);
    const formBox = h('div', { id: 'node-form', class: 'ed-form' });
    const idInput = h('input', { type: 'text', id: 'node-id-input', value: node.id, 'aria-label': 'Node id' });
    idInput.addEventListener('change', () => this.rename(node.id, idInput.value.trim()));
    replace(this.panel,
      h('h2', null, 'Node ', h('code', { id: 'panel-node' }, node.id)),
      h('p', { class: 'muted', id: 'panel-component' }, `${node.data.componentId} (${node.type})`),
      h('ul', { id: 'panel-errors', class: 'ed-errors' }),
      h('p', { class: 'ed-help' }, c ? c.description : 'This component is not offered by this server.'),
      h('label', { for: 'node-id-input' }, 'Id'), idInput,
      this.helpers(node),
      formBox,
      this.connectBox(node),
      h('div', { class: 'ed-row' }, h('button', { type: 'button', id: 'node-delete', class: 'danger', onclick: () => this.deleteSelected() }, 'Delete node')),
      this.testBox(node));
    if (!c) return;
    const { componentId, ...rest } = node.data;
    const nodeId = node.id;
    const known = new Set(Object.keys(c.schema.properties ?? {}));
    this.form = this.jsonForm(formBox, c.schema, rest, (value) => {
      const current = this.node(nodeId);
      if (!current) return;
      // Fields the schema does not know (a misspelled one) stay until removed from the error list.
      const unknown = Object.entries(current.data).filter(([k]) => k !== 'componentId' && !known.has(k));
      const next = { componentId, ...Object.fromEntries(unknown), ...value };
      if (same(current.data, next)) return;
      const handlesBefore = JSON.stringify(handlesOf(current));
      this.change((s) => { s.nodes.find((n) => n.id === nodeId).data = next; }, { redraw: false });
      if (JSON.stringify(handlesOf(this.node(nodeId))) !== handlesBefore) this.draw(); else this.fillNode(this.node(nodeId));
    });
  }

  /** Template paths of the nodes before this one, and the tenant's vault names, offered on text fields. */
  helpers(node) {
    const list = h('datalist', { id: 'template-paths' }, this.pathsBefore(node).map((p) => h('option', { value: p })));
    const vault = h('select', { id: 'vault-ref', 'aria-label': 'Vault reference' },
      h('option', { value: '' }, this.vaultNames.length ? 'Insert a vault reference…' : 'No vault secrets'),
      this.vaultNames.map((n) => h('option', { value: n }, n)));
    vault.addEventListener('change', () => {
      if (vault.value) this.insert(`{{ vault.${vault.value} }}`);
      vault.value = '';
    });
    return h('div', { class: 'ed-helpers' }, list, vault,
      h('p', { class: 'muted' }, 'Text fields offer earlier nodes\' output paths; a vault reference is inserted into the last text field you used, by name only (its value is never shown).'));
  }

  pathsBefore(node) {
    const before = new Set();
    const stack = [node.id];
    while (stack.length) {
      const id = stack.pop();
      for (const e of this.state.edges) if (e.target === id && !before.has(e.source)) { before.add(e.source); stack.push(e.source); }
    }
    const paths = ['{{ trigger }}', '{{ run.id }}', '{{ workflow.id }}'];
    for (const id of before) {
      const n = this.node(id);
      const c = n && this.cat.components.get(n.data.componentId);
      paths.push(`{{ ${id} }}`);
      for (const field of c ? c.outputs : []) paths.push(`{{ ${id}.${field} }}`);
      if (n && n.type === 'trigger') paths.push('{{ trigger.body }}');
    }
    return paths;
  }

  insert(text) {
    const field = this.lastField && this.panel.contains(this.lastField) ? this.lastField : null;
    if (!field) {
      this.say('Click into a text field of the form first, then pick the vault reference.');
      return;
    }
    const at = field.selectionStart ?? field.value.length;
    field.value = field.value.slice(0, at) + text + field.value.slice(field.selectionEnd ?? at);
    field.dispatchEvent(new Event('change', { bubbles: true }));
  }

  /** Offers the template paths on the form's text fields and remembers the last one used. */
  decorate(target) {
    target.querySelectorAll('input[type=text], input:not([type]), textarea').forEach((f) => {
      if (f.tagName === 'INPUT' && target.closest('#editor-panel') && document.getElementById('template-paths')) f.setAttribute('list', 'template-paths');
      if (!f.dataset.tracked) {
        f.dataset.tracked = '1';
        f.addEventListener('focus', () => { this.lastField = f; });
      }
    });
    this.markFieldErrors();
  }

  connectBox(node) {
    const handles = handlesOf(node);
    const handle = h('select', { id: 'connect-handle', 'aria-label': 'From handle' },
      handles.map((x) => h('option', { value: x ?? '' }, x ?? 'next')));
    const target = h('select', { id: 'connect-target', 'aria-label': 'To node' },
      this.state.nodes.filter((n) => n.id !== node.id && n.type !== 'trigger').map((n) => h('option', { value: n.id }, n.id)));
    return h('div', { class: 'ed-row', id: 'connect-box' },
      h('span', null, 'Connect '), handle, h('span', null, ' → '), target,
      h('button', {
        type: 'button', id: 'connect-add',
        onclick: () => {
          if (!target.value) return;
          const edge = { id: this.edgeId(this.state), source: node.id, target: target.value, sourceHandle: handle.value === '' ? null : handle.value };
          this.change((s) => s.edges.push(edge), { redraw: false });
          this.building = true;
          this.connectOnCanvas(edge);
          this.building = false;
        },
      }, 'Connect'));
  }

  rename(from, to) {
    if (!to || to === from) return;
    if (this.node(to)) {
      this.say(`A node is already called ${to}.`);
      return;
    }
    this.change((s) => {
      s.nodes.find((n) => n.id === from).id = to;
      for (const e of s.edges) {
        if (e.source === from) e.source = to;
        if (e.target === from) e.target = to;
      }
    });
    this.select(to);
  }

  settingsPanel() {
    const box = h('div', { id: 'settings-form', class: 'ed-form' });
    const description = h('textarea', { id: 'editor-description', rows: 2 }, this.state.description ?? '');
    description.addEventListener('change', () => this.change((s) => { s.description = description.value || null; }, { redraw: false }));
    replace(this.panel,
      h('h2', null, 'Workflow settings'),
      h('p', { class: 'muted' }, 'Select a node on the canvas to edit it. Shortcuts: Ctrl+S save, Ctrl+Z undo, Ctrl+Y redo, Delete removes the selection, arrows move it, / finds a component.'),
      h('ul', { id: 'panel-errors', class: 'ed-errors' }),
      h('label', { for: 'editor-description' }, 'Description'), description,
      box,
      this.runBox());
    const schema = clone(this.cat.settings);
    const sig = schema.properties.webhook_signature;
    if (sig && this.vaultNames.length) sig.properties.vault.enum = this.vaultNames;
    const failure = schema.properties.on_failure;
    if (failure && this.workflows.length) {
      failure.properties.workflow_id.enum = this.workflows.filter((w) => w.id !== this.workflowId).map((w) => w.id);
      failure.properties.workflow_id.options = { enum_titles: this.workflows.filter((w) => w.id !== this.workflowId).map((w) => w.name) };
    }
    this.form = this.jsonForm(box, schema, this.state.settings, (value) => {
      if (same(value, this.state.settings)) return;
      this.change((s) => { s.settings = value; }, { redraw: false });
    });
  }

  runBox() {
    const context = h('textarea', { id: 'editor-run-context', rows: 3, spellcheck: 'false' }, '{}');
    return h('details', { class: 'panel', id: 'editor-run', open: true },
      h('summary', null, 'Run'),
      h('label', { for: 'editor-run-context' }, 'Context (JSON object, the trigger payload)'), context,
      h('button', {
        type: 'button', id: 'editor-run-button', class: 'primary',
        onclick: async () => {
          if (!this.workflowId || !same(bodyOf(this.state), this.saved)) {
            this.say('Save the workflow first: a run uses the saved version.');
            return;
          }
          try {
            const run = await api('POST', `/workflows/${encodeURIComponent(this.workflowId)}/execute`, {
              body: { context: readJson(context.value, 'The context') }, headers: { 'Idempotency-Key': uuid() },
            });
            this.ctx.navigate(`/ui/runs/${encodeURIComponent(run.id)}`);
          } catch (e) {
            this.say(e.message);
          }
        },
      }, 'Run'));
  }

  testBox(node) {
    const input = h('textarea', { id: 'test-input', rows: 3, spellcheck: 'false' }, '{}');
    const context = h('textarea', { id: 'test-context', rows: 3, spellcheck: 'false' }, '{"trigger": {}}');
    const result = h('pre', { id: 'test-result', class: 'json' });
    const status = h('p', { id: 'test-status', class: 'muted' });
    return h('details', { class: 'panel', id: 'test-node' },
      h('summary', null, 'Test this node'),
      h('label', { for: 'test-input' }, 'Sample input (JSON)'), input,
      h('label', { for: 'test-context' }, 'Context (JSON: earlier nodes\' outputs by id, trigger)'), context,
      h('button', {
        type: 'button', id: 'test-run',
        onclick: async () => {
          status.textContent = 'Testing…';
          result.textContent = '';
          try {
            const current = this.node(node.id) ?? node;
            const answer = await api('POST', '/workflows/test-node', {
              body: {
                node: { id: current.id, type: current.type, data: current.data },
                input: readJson(input.value, 'The sample input'),
                context: readJson(context.value, 'The context'),
              },
            });
            status.textContent = answer.status;
            status.setAttribute('data-status', answer.status);
            result.textContent = answer.status === 'success' ? JSON.stringify(answer.output, null, 2) : answer.error_message;
            if (answer.console?.length) {
              result.textContent += `\n\nConsole:\n${answer.console.join('\n')}`;
            }
          } catch (e) {
            status.textContent = 'error';
            status.setAttribute('data-status', 'error');
            result.textContent = e.message;
          }
        },
      }, 'Test'),
      this.workflowId ? h('button', {
        type: 'button', id: 'test-from-run', onclick: () => this.sampleFromRun(node, input, context, status),
      }, 'Take input from the latest run') : null,
      status, result);
  }

  /** Fills the sample input and context with the outputs the nodes had in the latest run. */
  async sampleFromRun(node, input, context, status) {
    try {
      const logs = await api('GET', `/workflows/${encodeURIComponent(this.workflowId)}/logs?per_page=100`);
      const ok = (logs.data ?? []).filter((l) => l.status === 'success');
      if (!ok.length) {
        status.textContent = 'No run of this workflow has node outputs yet.';
        return;
      }
      const run = ok[0].execution_id;
      const outputs = {};
      for (const l of ok.filter((x) => x.execution_id === run).reverse()) {
        outputs[l.node_id] = l.output;
        const n = this.node(l.node_id);
        if (n && n.type === 'trigger') outputs.trigger = l.output;
      }
      const first = this.state.edges.find((e) => e.target === node.id && outputs[e.source] !== undefined);
      input.value = JSON.stringify(first ? outputs[first.source] : null, null, 2);
      context.value = JSON.stringify(outputs, null, 2);
      status.textContent = `Input and context from run ${run}.`;
    } catch (e) {
      status.textContent = e.message;
    }
  }

  // ---- validation and saving ----

  scheduleValidate() {
    clearTimeout(this.timer);
    this.status.textContent = 'Checking…';
    this.timer = setTimeout(() => this.validate(), VALIDATE_PAUSE_MS);
  }

  async validate() {
    clearTimeout(this.timer);
    const ticket = ++this.validation;
    const started = performance.now();
    let result;
    try {
      result = await api('POST', '/workflows/validate', { body: bodyOf(this.state) });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      result = { valid: false, errors: e.body && Array.isArray(e.body.errors) && e.body.errors.length ? e.body.errors : [{ path: '', code: 'invalid', message: e.message }] };
    }
    if (ticket !== this.validation) return null;
    this.errors = result.errors ?? [];
    this.markErrors();
    this.markFieldErrors();
    this.timings.validate = performance.now() - started;
    this.status.textContent = this.errors.length ? `${this.errors.length} error${this.errors.length === 1 ? '' : 's'}` : 'Valid';
    this.status.className = this.errors.length ? 'error' : 'ok';
    this.status.setAttribute('data-valid', String(this.errors.length === 0));
    return result;
  }

  /** The node a validation error is about, and the path inside its data ("url", "cases.0.handle"). */
  where(error) {
    const path = error.path ?? '';
    let m = /^nodes\[(\d+)\](?:\.data\.?(.*))?/.exec(path);
    if (m) {
      const node = this.state.nodes[Number(m[1])];
      return { nodes: node ? [node.id] : [], field: m[2] ? m[2].replace(/\[(\d+)\]/g, '.$1') : null };
    }
    m = /^edges\[(\d+)\]/.exec(path);
    if (m) {
      const edge = this.state.edges[Number(m[1])];
      return { nodes: edge ? [edge.source, edge.target] : [], field: null, edge };
    }
    return { nodes: [], field: null, setting: path.split(/[.[]/)[0] };
  }

  markErrors() {
    this.canvas.querySelectorAll('.drawflow-node.ed-invalid').forEach((el) => {
      el.classList.remove('ed-invalid');
      el.removeAttribute('data-error');
      el.querySelector('.ed-node-error').textContent = '';
    });
    const items = [];
    for (const error of this.errors) {
      const at = this.where(error);
      for (const id of at.nodes) {
        const el = this.nodeElement(id);
        if (!el || el.classList.contains('ed-invalid')) continue;
        el.classList.add('ed-invalid');
        el.setAttribute('data-error', error.code);
        el.querySelector('.ed-node-error').textContent = error.message;
      }
      const li = h('li', { 'data-path': error.path, 'data-code': error.code, 'data-node-ids': at.nodes.join(' ') },
        h('code', null, error.path || '(workflow)'), ' ', error.message);
      if (at.nodes.length) li.addEventListener('click', () => this.select(at.nodes[0]));
      items.push(li);
    }
    if (this.errorList) replace(this.errorList, items);
  }

  /**
   * Marks the errors of the panel's node (or, in the settings, the workflow's own errors) on their
   * fields and lists them at the top of the panel, so that an error without a field of its own (an
   * unknown component, a misspelled field) shows there too. A misspelled field is marked on the
   * field the API suggests.
   */
  markFieldErrors() {
    this.panel.querySelectorAll('.ed-field-error').forEach((el) => el.remove());
    this.panel.querySelectorAll('.ed-field-invalid').forEach((el) => el.classList.remove('ed-field-invalid'));
    const list = this.panel.querySelector('#panel-errors');
    const mine = [];
    for (const error of this.errors) {
      const at = this.where(error);
      const ofNode = Boolean(this.selected) && at.nodes[0] === this.selected && !at.edge;
      const ofSettings = !this.selected && !at.nodes.length;
      if (!ofNode && !ofSettings) continue;
      mine.push(error);
      if (ofNode && at.field === 'componentId') {
        const component = this.panel.querySelector('#panel-component');
        if (component) component.classList.add('ed-field-invalid');
        continue;
      }
      if (!this.form || !this.form.ready) continue;
      let path = null;
      if (ofNode && at.field) path = at.field;
      if (ofSettings && at.setting) path = error.path.replace(/\[(\d+)\]/g, '.$1');
      if (!path) continue;
      const suggested = error.code === 'unknown_field' ? /did you mean '([^']+)'/.exec(error.message) : null;
      let sub = suggested ? this.form.getEditor(`root.${[...path.split('.').slice(0, -1), suggested[1]].join('.')}`) : null;
      const parts = path.split('.');
      while (parts.length && !sub) {
        sub = this.form.getEditor(`root.${parts.join('.')}`);
        if (!sub) parts.pop();
      }
      if (!sub || !sub.container) continue;
      sub.container.classList.add('ed-field-invalid');
      sub.container.setAttribute('data-error-path', error.path);
      sub.container.append(h('p', { class: 'ed-field-error error', 'data-path': error.path }, error.message));
    }
    if (list) {
      replace(list, mine.map((e) => h('li', { 'data-path': e.path, 'data-code': e.code }, e.message, this.removeButton(e))));
    }
  }

  /** A button that removes the unknown field an error names from the selected node. */
  removeButton(error) {
    const m = error.code === 'unknown_field' ? /^nodes\[\d+\]\.data\.([^.[]+)$/.exec(error.path) : null;
    const nodeId = this.selected;
    if (!m || !nodeId) return null;
    return h('button', {
      type: 'button', class: 'ed-remove-field', 'data-field': m[1],
      onclick: () => {
        this.change((s) => { delete s.nodes.find((n) => n.id === nodeId).data[m[1]]; }, { redraw: false });
        this.select(nodeId);
      },
    }, `Remove ${m[1]}`);
  }

  async save() {
    const body = bodyOf(this.state);
    if (this.saved && same(body, this.saved)) {
      this.say(`No changes: v${this.version} is kept.`);
      return;
    }
    const result = await this.validate();
    if (!result || this.errors.length) {
      this.say(`Not saved: ${this.errors.length} error${this.errors.length === 1 ? '' : 's'} to fix first (listed below the canvas).`);
      return;
    }
    try {
      let saved;
      if (this.workflowId) {
        const put = { ...body };
        for (const key of SETTINGS) {
          if (put[key] === undefined && this.loadedSettings[key] !== undefined) put[key] = null;
        }
        saved = await api('PUT', `/workflows/${encodeURIComponent(this.workflowId)}`, { body: put });
      } else {
        saved = await api('POST', '/workflows', { body });
      }
      const before = this.version;
      this.workflowId = saved.id;
      this.version = saved.version;
      this.state = this.stateOf(saved);
      this.saved = clone(bodyOf(this.state));
      this.loadedSettings = { ...this.state.settings };
      history.replaceState(null, '', `/ui/workflows/${encodeURIComponent(saved.id)}/edit`);
      this.render();
      this.say(before === null ? `Created as v${saved.version}.` : saved.version === before ? `Saved; still v${saved.version} (nothing that makes a version changed).` : `Saved as v${saved.version}.`);
    } catch (e) {
      this.say(`Not saved: ${e.message}`);
      if (e instanceof ApiError && e.body && Array.isArray(e.body.errors)) {
        this.errors = e.body.errors;
        this.markErrors();
        this.markFieldErrors();
      }
    }
  }

  exportJson() {
    const blob = new Blob([JSON.stringify(bodyOf(this.state), null, 2)], { type: 'application/json' });
    const a = h('a', { href: URL.createObjectURL(blob), download: `${(this.state.name || 'workflow').replace(/[^A-Za-z0-9_-]+/g, '-')}.json`, id: 'editor-export-link' });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  say(text) {
    this.notice.textContent = text;
  }
}
