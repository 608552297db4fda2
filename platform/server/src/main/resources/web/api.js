// Calls to /api. Reads need no token; state-changing calls carry the token kept in session
// storage, asked for once (on the first 401) and never put in a URL.
const TOKEN_KEY = 'longscope.token';

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
    this.location = body && body.location;
  }
}

export function hasToken() {
  return Boolean(sessionStorage.getItem(TOKEN_KEY));
}

/** Shows the token dialog; resolves true when a token was entered. */
export function askToken() {
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  input.value = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const entered = dialog.returnValue === 'save' && input.value !== '';
      if (entered) sessionStorage.setItem(TOKEN_KEY, input.value);
      input.value = '';
      resolve(entered);
    }, { once: true });
    dialog.showModal();
  });
}

/** A call to the API; a 401 asks for the token and retries once, unless askOn401 is false. */
export async function api(method, path, body, contentType = 'application/json', askOn401 = true) {
  for (let attempt = 0; ; attempt++) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token && method !== 'GET') headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = contentType;
    const response = await fetch(path, { method, headers, body, cache: 'no-store' });
    if (response.status === 401 && askOn401 && attempt === 0 && await askToken()) continue;
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = { message: text };
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }
}

export const get = (path) => api('GET', path);
export const post = (path, value, askOn401 = true) => api('POST', path, JSON.stringify(value), 'application/json', askOn401);

/** The API path of a run. */
export const runPath = (id) => `/api/runs/${encodeURIComponent(id)}`;
