// Small DOM helpers. Every value from the API reaches the page as a text node or an attribute
// set with setAttribute, never as HTML, so user data (node ids, outputs, messages) cannot run.

/** Creates an element; string and number children become text nodes. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value' || key === 'checked' || key === 'disabled' || key === 'selected') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (nested arrays allowed; null and false are skipped). */
export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Pretty JSON of any value, for a pre element's text. */
export function pretty(value) {
  if (value === undefined) return '—';
  return JSON.stringify(value, null, 2);
}

/** A timestamp in the browser's time zone; the exact RFC 3339 value is in the title. */
export function time(ts) {
  if (!ts) return h('span', { class: 'muted' }, '—');
  const date = new Date(ts);
  return h('time', { datetime: ts, title: ts }, Number.isNaN(date.getTime()) ? ts : date.toLocaleString());
}

export function duration(seconds) {
  if (seconds == null) return '—';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** A status pill; the status is also in data-status for styling and tests. */
export function badge(status) {
  return h('span', { class: 'badge', 'data-status': status ?? 'unknown' }, status ?? 'unknown');
}

/** A link handled by the app's router. */
export function link(href, ...children) {
  return h('a', { href, 'data-route': '' }, ...children);
}

/** A definition list from [label, value] pairs. */
export function facts(pairs) {
  return h('dl', { class: 'facts' },
    pairs.filter(Boolean).map(([label, value]) => [h('dt', null, label), h('dd', null, value)]));
}

/** Parses a JSON text field; throws an Error naming the field when it is not JSON. */
export function readJson(text, what) {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  try {
    return JSON.parse(trimmed);
  } catch (e) {
    throw new Error(`${what} is not valid JSON: ${e.message}`);
  }
}

/** A random UUID for Idempotency-Key headers (crypto.randomUUID needs a secure context). */
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
