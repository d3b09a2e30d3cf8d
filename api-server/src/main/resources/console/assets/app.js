// The flowd console: a small single-page app served at /ui. It routes on the path, so
// /ui/runs/{runId} and /ui/workflows/{id} can be opened directly.

import { api, ApiError, onSignedOut, session, SignedOut } from './api.js';
import { h, replace } from './dom.js';
import { runPage } from './run.js';
import { runsPage } from './runs.js';
import { workflowPage, workflowsPage } from './workflows.js';
import { editorPage } from './editor/editor.js';

const root = document.getElementById('app');
const routes = [
  [/^\/ui\/?$/, workflowsPage],
  [/^\/ui\/workflows\/?$/, workflowsPage],
  [/^\/ui\/workflows\/new\/?$/, editorPage],
  [/^\/ui\/workflows\/([^/]+)\/edit\/?$/, editorPage],
  [/^\/ui\/workflows\/([^/]+)\/?$/, workflowPage],
  [/^\/ui\/runs\/?$/, runsPage],
  [/^\/ui\/runs\/([^/]+)\/?$/, runPage],
];
let disposeCurrent = () => {};

/** Goes to another page of the console without reloading. */
export function navigate(href, { replaceState = false } = {}) {
  if (replaceState) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  render();
}

function signIn(reason) {
  disposeCurrent();
  disposeCurrent = () => {};
  const input = h('input', {
    id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
  });
  const message = h('p', { id: 'signin-reason', class: 'error', role: 'alert' }, reason ?? '');
  const form = h('form', { id: 'signin', class: 'signin' },
    h('h1', null, 'flowd console'),
    h('p', { class: 'muted' }, 'Paste an API token (a JWT). It stays in this browser tab only.'),
    h('label', { for: 'token' }, 'API token'),
    input,
    message,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    message.textContent = '';
    try {
      await api('GET', '/workflows/authorization', { token });
      session.set(token);
      render();
    } catch (e) {
      message.textContent = e instanceof ApiError ? e.message : String(e);
    }
  });
  replace(root, form);
  input.focus();
}

function shell() {
  const nav = h('nav', { class: 'top' },
    h('a', { href: '/ui/workflows', 'data-route': '', class: 'brand' }, 'flowd'),
    h('a', { href: '/ui/workflows', 'data-route': '', id: 'nav-workflows' }, 'Workflows'),
    h('a', { href: '/ui/runs', 'data-route': '', id: 'nav-runs' }, 'Runs'),
    h('span', { class: 'spacer' }),
    h('button', {
      type: 'button',
      id: 'sign-out',
      onclick: () => {
        session.clear();
        signIn('You signed out.');
      },
    }, 'Sign out'));
  const main = h('main', { id: 'view' });
  replace(root, nav, main);
  return main;
}

function render() {
  disposeCurrent();
  disposeCurrent = () => {};
  if (!session.token()) {
    signIn('');
    return;
  }
  const path = location.pathname;
  const main = shell();
  const section = path.startsWith('/ui/runs') ? 'nav-runs' : 'nav-workflows';
  document.getElementById(section).classList.add('current');
  for (const [pattern, page] of routes) {
    const match = pattern.exec(path);
    if (match) {
      const params = match.slice(1).map(decodeURIComponent);
      const context = { params, query: new URLSearchParams(location.search), navigate };
      let disposed = false;
      const cleanups = [];
      context.onDispose = (fn) => cleanups.push(fn);
      context.alive = () => !disposed;
      disposeCurrent = () => {
        disposed = true;
        cleanups.forEach((fn) => fn());
      };
      Promise.resolve(page(main, context)).catch((e) => {
        if (e instanceof SignedOut || disposed) return;
        replace(main, h('p', { class: 'error', role: 'alert' }, e.message ?? String(e)));
      });
      return;
    }
  }
  replace(main, h('h1', null, 'Not found'), h('p', null, 'No console page has this address.'));
}

onSignedOut((reason) => signIn(`Signed out: ${reason}`));
document.addEventListener('click', (event) => {
  const a = event.target.closest('a[data-route]');
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', render);
render();
