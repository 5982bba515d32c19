// The one fetch wrapper of the page. It sends JSON (or a file's bytes: upload), receives JSON (or a file: download), adds
// the CSRF token of the signed-in user to every write, and turns every failure into an ApiError whose `kind` tells the
// page which case it is:
//   network   – fetch itself failed (no connection, server down, request aborted)
//   database  – 503 database-unavailable (the API is up, PostGIS is not): try again shortly
//   forbidden – 401 (not signed in, session expired) or 403 (role may not do this)
//   server    – any other 5xx
//   conflict  – 412 version-mismatch: someone else changed the record since it was read (reload it)
//   invalid   – any other 4xx: the request was wrong (field errors in `errors`), 428 if-match-required, 422 note-required,
//               other conflicts, or too many requests
// `errorText(error)` says which in the page's language, translating the problem's stable `code`.
import { lang, t } from './i18n.js';

const CSRF_HEADER = 'X-CSRF-TOKEN';
let csrfToken = null;
let onUnauthorized = () => {};

export class ApiError extends Error {
  constructor(kind, message, { status = 0, code = null, errors = [], retryAfter = null, body = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.errors = errors;
    this.retryAfter = retryAfter;
    this.body = body; // the parsed answer, e.g. an import's refusal report (422)
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
  if (status === 412) return 'conflict';
  if (status >= 500) return 'server';
  return 'invalid';
}

const ACCEPT_JSON = 'application/json, application/geo+json, application/problem+json';

/** fetch with the CSRF header on writes; returns the Response when it is 2xx, else throws ApiError. */
async function send(url, { method = 'GET', headers = {}, body, signal } = {}) {
  // The server says its problems (title, detail, reasons) in the page's language; the stable `code` stays the same.
  const all = { Accept: ACCEPT_JSON, 'Accept-Language': lang() === 'zh' ? 'zh-CN' : 'en', ...headers };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) all[CSRF_HEADER] = csrfToken;
  let res;
  try {
    res = await fetch(url, { method, headers: all, body, credentials: 'same-origin', signal });
  } catch (e) {
    if (signal?.aborted) throw e; // superseded by a newer request: not a failure to report
    throw new ApiError('network', e?.message || 'network error');
  }
  if (res.ok) return res;

  const data = await res.json().catch(() => null);
  const code = data?.code ?? null;
  const errors = Array.isArray(data?.errors) ? data.errors : [];
  const s = t(); // the reasons come in the page's language (Accept-Language), so do the separators
  const detail = errors.length ? errors.map((e) => `${e.field}${s.sep}${e.reason}`).join(lang() === 'zh' ? '；' : '; ') : (data?.detail ?? res.statusText);
  const retry = Number(res.headers.get('Retry-After'));
  const err = new ApiError(kindOf(res.status, code), detail,
    { status: res.status, code, errors, retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null, body: data });
  if (res.status === 401 && code !== 'invalid-credentials') onUnauthorized(err);
  throw err;
}

/**
 * The JSON of a 2xx answer. One that breaks off or does not parse is a server failure, not an empty answer: ASP.NET Core
 * cuts the connection when a streamed answer (a page of features) fails after its first bytes went out, and logs a 500.
 */
async function json(res) {
  if (res.status === 204) return null;
  try {
    return await res.json();
  } catch (e) {
    throw new ApiError('server', `the answer broke off: ${e?.message ?? e}`, { status: res.status });
  }
}

/**
 * fetch for the API: `body` (any JSON value) is sent as application/json; writes carry the CSRF header; `ifMatch` (a
 * record's ETag) is sent as If-Match; `signal` (an AbortSignal) cancels it, and then the AbortError is thrown as it is.
 * Returns { data (parsed JSON, null for 204), etag }; throws ApiError.
 */
export async function request(url, { method = 'GET', body, ifMatch, signal } = {}) {
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
  if (ifMatch) headers['If-Match'] = ifMatch;
  const res = await send(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  return { data: await json(res), etag: res.headers.get('ETag') };
}

/** request() for when only the answer matters: the parsed JSON (null for 204). */
export async function api(url, options = {}) {
  return (await request(url, options)).data;
}

/** POSTs a file's bytes as they are (application/octet-stream), e.g. a ledger to import; returns the parsed JSON answer. */
export async function upload(url, blob) {
  return json(await send(url, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: blob }));
}

/** The file name of a Content-Disposition header: filename* (RFC 6266, UTF-8, e.g. a Chinese name) before filename. */
function attachmentName(header) {
  if (!header) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try { return decodeURIComponent(star[1].trim()); } catch { /* malformed: fall back to filename */ }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  return plain ? (plain[2] ?? plain[1]).trim() : null;
}

/** GETs a file the API offers as an attachment: { blob, fileName } (the name from Content-Disposition, or null). */
export async function download(url) {
  const res = await send(url, { headers: { Accept: '*/*' } });
  try {
    return { blob: await res.blob(), fileName: attachmentName(res.headers.get('Content-Disposition')) };
  } catch (e) {
    // The server answered and then broke off mid-file: it failed (an export that fails after its first bytes is a 500 in
    // the server's log), so it is not reported as "no connection".
    throw new ApiError('server', `the file broke off: ${e?.message ?? e}`, { status: res.status });
  }
}

/**
 * What the page says about a failed request, in the page's language: which of the cases it is (no connection, database
 * unavailable, server error, not allowed, changed by someone else, or what was wrong with the request).
 */
export function errorText(error) {
  const s = t();
  const m = s.errors;
  switch (error?.kind) {
    case 'network': return m.network;
    case 'database': return m.database;
    case 'forbidden': return error.status === 401 ? m.unauthorized : m.forbidden;
    case 'server': return m.server;
    case 'conflict': return m['version-mismatch'];
    case 'invalid':
      if (error.code === 'rate-limited' && error.retryAfter) return `${m['rate-limited']}${s.sep}${s.retryIn(error.retryAfter)}`;
      return withDetail(m[error.code] ?? m.invalid, error.message, s.sep);
    default: return `${m.server}${s.sep}${error?.message ?? error}`; // not from the API: a bug in the page
  }
}

/** "what it is：detail", or just one of them when the detail is missing or the server said no more than the code does. */
function withDetail(head, detail, sep) {
  if (!detail || head.includes(detail)) return head;
  return detail.includes(head) ? detail : `${head}${sep}${detail}`;
}
