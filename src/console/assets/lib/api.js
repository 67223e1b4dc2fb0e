// Every call goes to the same /api/v1 operations a client uses. The browser sends the HttpOnly
// session cookie by itself; the CSRF token (from the page, never from storage) proves the call comes
// from a console page of this server.

const csrf = document.querySelector('meta[name="welink-csrf"]')?.getAttribute('content') ?? '';

export class ApiCallError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `The server answered ${status}.`);
    this.status = status;
    this.code = body && body.code ? body.code : 'HTTP_' + status;
    this.body = body;
  }
}

async function send(method, path, body) {
  let res;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrf, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiCallError(0, { code: 'NETWORK', message: 'The server could not be reached. Retrying shortly.' });
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (res.status === 401) {
    // The session ended (expired, signed out elsewhere, key revoked): back to the sign-in page.
    location.assign('/console?reason=ended');
    throw new ApiCallError(401, data);
  }
  if (!res.ok) throw new ApiCallError(res.status, data);
  return data;
}

/** POST /api/v1/<operation> with a JSON body. */
export function call(operation, body = {}) {
  return send('POST', `/api/v1/${operation}`, body);
}

/** GET on an /api/v1 path (the REST views). */
export function get(path) {
  return send('GET', `/api/v1/${path}`);
}

/** Action names (for filters), read once from the OpenAPI document: the operations that queue work. */
let actionNames = null;
export async function listActionNames() {
  if (actionNames) return actionNames;
  try {
    const res = await fetch('/openapi.json', { credentials: 'same-origin' });
    const doc = await res.json();
    actionNames = Object.values(doc.paths)
      .map((item) => item.post)
      .filter((op) => op && op['x-welink-events'])
      .map((op) => op.operationId)
      .sort();
  } catch {
    actionNames = [];
  }
  return actionNames;
}

export const session = {
  mode: document.querySelector('meta[name="welink-mode"]')?.getAttribute('content') ?? 'sandbox',
  workspaceId: document.querySelector('meta[name="welink-workspace"]')?.getAttribute('content') ?? '',
};
