// The one fetch wrapper of the page. It sends JSON, adds the CSRF token of the signed-in user to every write, and turns
// every failure into an ApiError whose `kind` tells the page which case it is:
//   network   – fetch itself failed (no connection, server down, request aborted)
//   database  – 503 database-unavailable (the API is up, PostGIS is not): try again shortly
//   forbidden – 401 (not signed in, session expired) or 403 (role may not do this)
//   server    – any other 5xx
//   invalid   – any other 4xx: the request was wrong (field errors in `errors`), or conflicts, or too many requests

const CSRF_HEADER = 'X-CSRF-TOKEN';
let csrfToken = null;
let onUnauthorized = () => {};

export class ApiError extends Error {
  constructor(kind, message, { status = 0, code = null, errors = [], retryAfter = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.errors = errors;
    this.retryAfter = retryAfter;
  }
}

/** The token bound to the signed-in user (from login or /api/auth/me); null when signed out. */
export function setCsrfToken(token) {
  csrfToken = token ?? null;
}

/** Called with the ApiError when a request answers 401 (e.g. the session expired), except for the sign-in request itself. */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

function kindOf(status, code) {
  if (status === 503 && code === 'database-unavailable') return 'database';
  if (status === 401 || status === 403) return 'forbidden';
  if (status >= 500) return 'server';
  return 'invalid';
}

/**
 * fetch for the API: `body` (any JSON value) is sent as application/json; writes carry the CSRF header. Returns the
 * parsed JSON answer (null for 204); throws ApiError.
 */
export async function api(url, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json, application/geo+json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let res;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError('network', e?.message || 'network error');
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (res.ok) return data;

  const code = data?.code ?? null;
  const errors = Array.isArray(data?.errors) ? data.errors : [];
  const detail = errors.length ? errors.map((e) => `${e.field}: ${e.reason}`).join('; ') : (data?.detail ?? res.statusText);
  const retry = Number(res.headers.get('Retry-After'));
  const err = new ApiError(kindOf(res.status, code), detail, { status: res.status, code, errors, retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null });
  if (res.status === 401 && code !== 'invalid-credentials') onUnauthorized(err);
  throw err;
}
