// The API client: the token lives in sessionStorage only (gone when the tab closes).

const KEY = 'flowd.token';

export const session = {
  token: () => sessionStorage.getItem(KEY),
  set: (token) => sessionStorage.setItem(KEY, token),
  clear: () => sessionStorage.removeItem(KEY),
};

/** An error answer of the API, with its contract body ({type, code, message, errors}). */
export class ApiError extends Error {
  constructor(status, body) {
    super(describe(status, body));
    this.status = status;
    this.body = body;
  }
}

/** Thrown after a 401: the app has already shown the sign-in with the reason. */
export class SignedOut extends Error {}

function describe(status, body) {
  const message = body && typeof body.message === 'string' ? body.message : `HTTP ${status}`;
  const details = body && Array.isArray(body.errors)
    ? body.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).filter(Boolean)
    : [];
  return details.length ? `${message} (${details.join('; ')})` : message;
}

let signedOut = () => {};

/** Sets what happens when the API refuses the token: the sign-in page with the reason. */
export function onSignedOut(handler) {
  signedOut = handler;
}

/**
 * Calls the API; options.body is sent as JSON, options.raw (a string) as it is. With options.token the call checks that token (sign-in) and a 401 is an
 * ApiError; otherwise the session's token is used and a 401 signs the person out.
 */
export async function api(method, path, options = {}) {
  const token = options.token ?? session.token();
  const headers = { Accept: 'application/json', ...(options.headers ?? {}) };
  if (token) headers.Authorization = `Bearer ${token}`;
  const init = { method, headers, cache: 'no-store' };
  if (options.raw !== undefined || options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = options.raw ?? JSON.stringify(options.body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    if (e instanceof TypeError && /header/i.test(e.message)) {
      throw new ApiError(401, { message: 'The token contains characters a token cannot have.' });
    }
    throw new ApiError(0, { message: `The API did not answer: ${e.message}` });
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { message: text.slice(0, 300) };
  }
  if (response.status === 401 && options.token === undefined) {
    session.clear();
    signedOut(body && body.message ? body.message : 'The token was not accepted.');
    throw new SignedOut();
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

let document_ = null;

/**
 * The served OpenAPI document, read once: the console offers an action (rerun, events, a
 * workflow's schedule) only when this API describes its route.
 */
export async function features() {
  if (!document_) {
    document_ = fetch('/openapi.json', { cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : { paths: {} }))
      .catch(() => ({ paths: {} }));
  }
  const doc = await document_;
  return {
    has(method, path) {
      const item = doc.paths && doc.paths[path];
      return Boolean(item && item[method.toLowerCase()]);
    },
    enumOf(schema, fallback) {
      const s = doc.components && doc.components.schemas && doc.components.schemas[schema];
      return s && Array.isArray(s.enum) ? s.enum : fallback;
    },
    /** Whether a run in this status has ended: the server's TerminalRunStatus, its one definition. */
    isTerminal(status) {
      const s = doc.components && doc.components.schemas && doc.components.schemas.TerminalRunStatus;
      return Boolean(s && Array.isArray(s.enum) && s.enum.includes(status));
    },
  };
}
