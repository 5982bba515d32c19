// A record's history as a list (GET /collections/{id}/items/{code}/history, oldest first in the answer, newest first
// here): when, who, source, action, note, lineage, and old → new per field. A change that touched the outline has a
// button that shows the outline before it (and after it) on the map. Everything in it is text.
import { t } from '../i18n.js';
import { fmt, landUseLabel, statusName, when } from '../format.js';
import { html } from '../html.js';

const GEOMETRY_FIELDS = new Set(['geom', 'geometry']);
/** Bookkeeping a reader does not need: derived from other fields. */
const HIDDEN_FIELDS = new Set(['landUseOriginal', 'gkCentralMeridian', 'vacancyRate', 'areaMismatch']);
/** What a record's first entry (created, or made by a split or merge) lists: its outline, size and status, not every field. */
const FIRST_FIELDS = new Set(['geom', 'geometry', 'areaMu', 'footprintM2', 'totalFloorM2', 'vacantFloorM2', 'status']);
/** History field names (stored columns) whose label is under another name. */
const LABELS = { zoneCode: 'zone', parkCode: 'park' };

/** snake_case column names (should the API give them) read as the camelCase property names the labels use. */
const camel = (key) => key.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

function value(key, v) {
  const s = t();
  if (v == null || v === '') return '—';
  if (key === 'status') return statusName(v);
  if (key === 'landUse') return landUseLabel(v);
  if (key === 'ownership') return s.ownership[v] ?? v;
  if (key === 'verifiedAt') return when(v);
  if (Array.isArray(v)) return v.join(s.listSep);
  if (typeof v === 'boolean') return v ? s.yes : s.no;
  if (typeof v === 'number') return fmt(v, 2);
  return String(v);
}

function fieldRows(change) {
  const s = t();
  const first = change.version === 1;
  return Object.entries(change.fields ?? {}).map(([rawKey, { old, new: next }]) => {
    const key = camel(rawKey);
    if (HIDDEN_FIELDS.has(key) || (first && !FIRST_FIELDS.has(key))) return '';
    if (GEOMETRY_FIELDS.has(key)) {
      return html`<li class="field geometry"><span class="name">${s.hGeometry}</span>
        <button type="button" class="link" data-show-geometry="${change.version}" data-testid="history-show-geometry">${old ? s.hShowOutline : s.hShowThisOutline}</button></li>`;
    }
    // An area that moved by less than the shown precision (e.g. recomputed after a split) is no change to a reader.
    if (value(key, old) === value(key, next)) return '';
    return html`<li class="field" data-field="${key}"><span class="name">${s.p[LABELS[key] ?? key] ?? s.hFields[key] ?? key}</span>
      <span class="old">${value(key, old)}</span> → <span class="new">${value(key, next)}</span></li>`;
  });
}

/** The history's list items, newest first. */
export function historyList(history) {
  const s = t();
  if (!history.changes.length) return html`<li class="muted">${s.historyNone}</li>`;
  return [...history.changes].reverse().map((c) => html`<li class="change" data-testid="history-entry" data-version="${c.version}" data-action="${c.action}">
    <div class="head"><span class="action">${s.hActions[c.action] ?? c.action}</span><span class="version">v${c.version}</span></div>
    <div class="meta">${when(c.at)} · ${c.by ?? '—'} · ${s.hSources[c.source] ?? c.source}</div>
    ${c.note ? html`<div class="note" data-testid="history-note">${c.note}</div>` : ''}
    ${c.related?.length ? html`<div class="related">${s.hRelated}${s.sep}${c.related.map((code, i) => html`${i ? s.listSep : ''}<button type="button" class="link" data-open-record="${code}" data-testid="history-related">${code}</button>`)}</div>` : ''}
    <ul class="fields">${fieldRows(c)}</ul></li>`);
}

/** The outline before (and after) the change of `version`, from a history answer. */
export function geometryChange(history, version) {
  const change = history.changes.find((c) => String(c.version) === String(version));
  const entry = Object.entries(change?.fields ?? {}).find(([k]) => GEOMETRY_FIELDS.has(camel(k)));
  return entry ? entry[1] : null;
}
