// The record panel (tab 编辑 for editors, 档案 for staff). A click on a parcel or factory while the tab is open selects
// it (GET …/items/{code}, whose ETag is kept) and shows its facts (version, verified, stale, project) and its history
// (panels/history.js, with past outlines on the map). Editors also get:
//   - new parcel / new factory: draw the outline (snapping to neighbours), then code, zone and attributes → POST;
//   - the attribute form with units → PATCH with If-Match; a status change needs a note;
//   - reshape (an editable copy of the outline) → PATCH geometry; split along a drawn line or by area → POST …/split;
//     merge adjacent parcels picked on the map → POST /collections/parcels/merge; retire with a note; verified.
// A 412 (someone else changed the record since it was read) says so and offers to reload; nothing was changed.
import { request, api, errorText } from '../api.js';
import { t } from '../i18n.js';
import { atLeast } from '../roles.js';
import * as store from '../store.js';
import { fmt, landUseLabel, measure, statusName, when, zoneName } from '../format.js';
import { zoneAt } from '../geo.js';
import { geometryOf } from '../layers/edit.js';
import { COLLECTION, EDITABLE_STATUSES, RECORD_FIELDS, formValue, readField, sameValue } from './record-fields.js';
import { geometryChange, historyList } from './history.js';
import { html, setHtml } from '../html.js';

const $ = (id) => document.getElementById(id);

/** `edit`: layers/edit.js; `onChanged()` after any write (the map is drawn again). */
export function initEditor({ edit, onChanged }) {
  const body = $('ed-body');
  // What the panel shows: null, a record { kind, code, feature, etag, history }, a new outline, or a merge selection.
  let view = { name: 'empty' };
  let tool = null; // the record's open sub-form: 'reshape' | 'split' | 'retire'
  let attributesOpen = false; // the attribute list stays open across redraws once opened
  let seq = 0;

  const canEdit = () => atLeast('editor');
  const isOpen = () => store.get('tab') === 'edit';

  function message(text, { conflict = false } = {}) {
    const box = $('ed-message');
    if (!text) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    setHtml(box, html`<span>${text}</span>${conflict ? html` <button type="button" data-action="reload" data-testid="ed-reload">${t().edReload}</button>` : ''}`);
    box.hidden = false;
    box.scrollIntoView({ block: 'nearest' });
  }

  function done(text) {
    $('ed-done').textContent = text ?? '';
    $('ed-done').hidden = !text;
  }

  function fail(e) {
    message(errorText(e), { conflict: e?.kind === 'conflict' });
  }

  // ---- views ------------------------------------------------------------------------------------------------------

  function factsOf(kind, p) {
    const s = t();
    const u = s.units;
    const fact = (key, label, value) => (value == null || value === '' ? '' : html`<div data-fact="${key}"><dt>${label}</dt><dd>${value}</dd></div>`);
    return html`
      ${fact('zone', s.p.zone, zoneName(p.zone ?? p.zoneCode))}
      ${kind === 'parcel' ? fact('area', s.p.areaMu, measure(p.areaMu, 2, u.mu)) : fact('footprint', s.p.footprintM2, measure(p.footprintM2, 0, u.m2))}
      ${fact('status', s.p.status, statusName(p.status))}
      ${fact('version', s.edVersion, p.version)}
      ${fact('verified', s.edVerified, p.verifiedAt ? `${when(p.verifiedAt)} · ${p.verifiedBy ?? '—'}` : s.edNeverVerified)}
      ${p.stale && p.status !== 'retired' ? fact('stale', s.edStale, s.edStaleText) : ''}
      ${fact('project', s.project, p.projectName)}`;
  }

  function control(kind, field, p) {
    const s = t();
    const id = `ed-f-${field.key}`;
    const unit = field.unit ? (field.unit === 'percent' ? '%' : s.units[field.unit]) : null;
    const label = html`<span>${s.p[field.key] ?? field.key}${unit ? html` <small class="unit">（${unit}）</small>` : ''}</span>`;
    const value = formValue(field, p[field.key]);
    const common = html`id="${id}" name="${field.key}" data-testid="${id}"`;
    let input;
    if (field.type === 'landUse') {
      const options = store.get('landUses').filter((l) => l.code.length >= 4 || l.code === value);
      input = html`<select ${common}><option value="">—</option>${options.map((l) => html`<option value="${l.code}" ${l.code === value ? html`selected` : ''}>${landUseLabel(l.code)}</option>`)}
        ${value && !options.some((l) => l.code === value) ? html`<option value="${value}" selected>${landUseLabel(value)}</option>` : ''}</select>`;
    } else if (field.type === 'ownership' || field.type === 'bool') {
      const choices = field.type === 'bool' ? [['true', s.yes], ['false', s.no]] : Object.entries(s.ownership);
      input = html`<select ${common}><option value="">—</option>${choices.map(([v, text]) => html`<option value="${v}" ${v === value ? html`selected` : ''}>${text}</option>`)}</select>`;
    } else {
      const type = field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text';
      input = html`<input ${common} type="${type}" value="${value}" ${type === 'number' ? html`step="${field.step ?? 'any'}" min="0"` : ''} ${type === 'text' ? html`maxlength="500"` : ''}>`;
    }
    return html`<label for="${id}" class="field-${field.type}">${label}${input}</label>`;
  }

  function statusControl(current) {
    const s = t();
    return html`<label for="ed-status"><span>${s.p.status}</span><select id="ed-status" name="status" data-testid="ed-status">
      ${EDITABLE_STATUSES.map((st) => html`<option value="${st}" ${st === current ? html`selected` : ''}>${statusName(st)}</option>`)}</select></label>`;
  }

  function noteControl(id, required) {
    const s = t();
    return html`<label for="${id}"><span>${required ? s.edNoteRequired : s.edNote}</span>
      <textarea id="${id}" data-testid="${id}" rows="2" maxlength="1000" ${required ? html`required` : ''}></textarea></label>`;
  }

  function toolBox(kind, p) {
    const s = t();
    if (tool === 'reshape') {
      return html`<div class="tool" data-testid="ed-reshape-box"><p class="hint">${s.edReshapeHint}</p>${noteControl('ed-reshape-note', false)}
        <div class="actions"><button type="button" data-action="cancel-tool">${s.cancel}</button>
        <button type="button" class="primary" data-action="save-shape" data-testid="ed-save-shape">${s.edSaveShape}</button></div></div>`;
    }
    if (tool === 'split') {
      return html`<div class="tool" data-testid="ed-split-box">
        <fieldset class="split-by"><legend>${s.edSplitBy}</legend>
          <label class="check"><input type="radio" name="ed-split-by" value="line" checked data-testid="ed-split-by-line"><span>${s.edSplitLine}</span></label>
          <label class="check"><input type="radio" name="ed-split-by" value="area" data-testid="ed-split-by-area"><span>${s.edSplitArea}</span></label></fieldset>
        <div class="grid2 split-area" hidden>
          <label for="ed-split-mu"><span>${s.edSplitMu} <small class="unit">（${s.units.mu}）</small></span>
            <input id="ed-split-mu" data-testid="ed-split-mu" type="number" min="0" step="any" max="${p.areaMu ?? ''}"></label>
          <label for="ed-split-direction"><span>${s.edSplitDirection}</span><select id="ed-split-direction" data-testid="ed-split-direction">
            <option value="ew">${s.edDirections.ew}</option><option value="ns">${s.edDirections.ns}</option></select></label></div>
        <div class="grid2"><label for="ed-split-code1"><span>${s.edChildCode(1)}</span><input id="ed-split-code1" data-testid="ed-split-code1" placeholder="${p.code}-1" maxlength="64"></label>
          <label for="ed-split-code2"><span>${s.edChildCode(2)}</span><input id="ed-split-code2" data-testid="ed-split-code2" placeholder="${p.code}-2" maxlength="64"></label></div>
        ${noteControl('ed-split-note', true)}
        <p class="hint split-line-hint">${s.edSplitLineHint}</p>
        <div class="actions"><button type="button" data-action="cancel-tool">${s.cancel}</button>
          <button type="button" class="primary" data-action="split" data-testid="ed-split-go">${s.edSplitGo}</button></div></div>`;
    }
    if (tool === 'retire') {
      return html`<div class="tool" data-testid="ed-retire-box"><p class="hint">${s.edRetireHint}</p>${noteControl('ed-retire-note', true)}
        <div class="actions"><button type="button" data-action="cancel-tool">${s.cancel}</button>
        <button type="button" class="primary" data-action="retire" data-testid="ed-retire-go">${s.edRetireGo}</button></div></div>`;
    }
    return '';
  }

  function recordView() {
    const s = t();
    const { kind, feature, history } = view;
    const p = feature.properties;
    const retired = p.status === 'retired';
    const editable = canEdit() && !retired;
    const splittable = kind === 'parcel' && (p.status === 'idle' || p.status === 'negotiating');
    const actions = editable ? html`<div class="ed-actions" data-testid="ed-actions">
      <button type="button" data-action="reshape" data-testid="ed-reshape">${s.edReshape}</button>
      ${kind === 'parcel' ? html`<button type="button" data-action="open-split" data-testid="ed-split" ${splittable ? '' : html`disabled title="${s.errors['not-splittable']}"`}>${s.edSplit}</button>` : ''}
      <button type="button" data-action="verify" data-testid="ed-verify">${s.edVerify}</button>
      <button type="button" data-action="open-retire" data-testid="ed-retire">${s.edRetire}</button></div>` : '';
    // Status and note first (the usual change), the attributes folded below them, the save button after both.
    const form = editable ? html`<form id="ed-form" data-testid="ed-form" novalidate>
      ${statusControl(p.status)}${noteControl('ed-note', false)}
      <details class="attributes" ${attributesOpen ? html`open` : ''}><summary data-testid="ed-attributes">${s.edAttributes}</summary>${RECORD_FIELDS[kind].map((f) => control(kind, f, p))}</details>
      <div class="actions"><button type="submit" class="primary" data-testid="ed-save">${s.edSave}</button></div></form>` : '';
    return html`<h3 class="record-title" data-testid="ed-title">${p.code}${p.name ? ` ${p.name}` : ''}
        ${p.stale && !retired ? html`<span class="badge stale">${s.edStale}</span>` : ''}${retired ? html`<span class="badge retired">${statusName('retired')}</span>` : ''}</h3>
      <dl class="facts" data-testid="ed-facts">${factsOf(kind, p)}</dl>
      ${actions}${toolBox(kind, p)}${form}
      <h4>${s.edHistory}</h4>
      <ol class="history-list" data-testid="ed-history">${history ? historyList(history) : html`<li class="muted">${s.loading}</li>`}</ol>`;
  }

  function createView() {
    const s = t();
    const kind = view.kind;
    const zones = store.get('zones').filter((z) => !z.properties.parent);
    const required = kind === 'parcel' ? RECORD_FIELDS.parcel.filter((f) => ['address', 'landUse'].includes(f.key)) : RECORD_FIELDS.factory.filter((f) => ['name', 'address', 'totalFloorM2', 'vacantFloorM2'].includes(f.key));
    const rest = RECORD_FIELDS[kind].filter((f) => !required.includes(f));
    return html`<form id="ed-create" data-testid="ed-create" novalidate><h3>${kind === 'parcel' ? s.edNewParcel : s.edNewFactory}</h3>
      <p class="hint">${s.edCreateHint}</p>
      <label for="ed-code"><span>${s.p.code}</span><input id="ed-code" data-testid="ed-code" maxlength="64" required></label>
      <label for="ed-zone"><span>${s.p.zone}</span><select id="ed-zone" data-testid="ed-zone">${zones.map((z) => html`<option value="${z.properties.code}" ${z.properties.code === view.zone ? html`selected` : ''}>${zoneName(z.properties.code)}</option>`)}</select></label>
      ${statusControl('idle')}${required.map((f) => control(kind, f, {}))}
      <details><summary>${s.edMoreFields}</summary>${rest.map((f) => control(kind, f, {}))}</details>
      ${noteControl('ed-note', false)}
      <div class="actions"><button type="button" data-action="cancel-create">${s.cancel}</button>
        <button type="submit" class="primary" data-testid="ed-create-save">${s.edSave}</button></div></form>`;
  }

  function mergeView() {
    const s = t();
    const codes = [...view.parcels.keys()];
    return html`<div class="tool" data-testid="ed-merge-box"><h3>${s.edMerge}</h3><p class="hint">${s.edMergeHint}</p>
      <ul class="merge-list" data-testid="ed-merge-list">${codes.length ? codes.map((c) => html`<li>${c}</li>`) : html`<li class="muted">${s.none}</li>`}</ul>
      <label for="ed-merge-code"><span>${s.edMergeCode}</span><input id="ed-merge-code" data-testid="ed-merge-code" maxlength="64" placeholder="${codes[0] ? `${codes[0]}-M` : ''}"></label>
      ${noteControl('ed-merge-note', true)}
      <div class="actions"><button type="button" data-action="cancel-merge">${s.cancel}</button>
        <button type="button" class="primary" data-action="merge" data-testid="ed-merge-go" ${codes.length < 2 ? html`disabled` : ''}>${s.edMergeGo}</button></div></div>`;
  }

  function render() {
    if (!store.get('config')) return;
    const s = t();
    $('ed-tools').hidden = !canEdit();
    if (view.name === 'record') setHtml(body, recordView());
    else if (view.name === 'create') setHtml(body, createView());
    else if (view.name === 'merge') setHtml(body, mergeView());
    else setHtml(body, html`<p class="hint" data-testid="ed-hint">${canEdit() ? s.edHintEditor : s.edHintStaff}</p>`);
    body.querySelector('.split-area')?.toggleAttribute('hidden', splitBy() !== 'area');
  }

  // ---- loading a record ---------------------------------------------------------------------------------------------

  async function open(kind, code, { keepMessage = false } = {}) {
    const mine = ++seq;
    if (!keepMessage) { message(null); done(null); }
    tool = null;
    edit.stop();
    edit.showPast(null);
    try {
      const url = `/collections/${COLLECTION[kind]}/items/${encodeURIComponent(code)}`;
      const { data: feature, etag } = await request(url);
      if (mine !== seq) return;
      view = { name: 'record', kind, code, feature, etag, history: null };
      edit.select([feature]);
      render();
      const history = await api(`${url}/history`);
      if (mine !== seq || view.code !== code) return;
      view.history = history;
      render();
    } catch (e) {
      if (mine === seq) fail(e);
    }
  }

  /** A click on a parcel or factory: true when the panel took it (the tab is open), so no popup opens. */
  function take(kind, feature) {
    if (!isOpen() || !atLeast('staff')) return false;
    if (view.name === 'merge') {
      if (kind === 'parcel') {
        const code = feature.properties.code;
        if (view.parcels.has(code)) view.parcels.delete(code);
        else view.parcels.set(code, feature);
        edit.select([...view.parcels.values()]);
        render();
      }
      return true;
    }
    if (view.name === 'create') return true; // finish or cancel the new record first
    open(kind, feature.properties.code);
    return true;
  }

  // ---- writes ----------------------------------------------------------------------------------------------------

  const itemUrl = () => `/collections/${COLLECTION[view.kind]}/items/${encodeURIComponent(view.code)}`;
  const noteOf = (id) => body.querySelector(`#${id}`)?.value.trim() ?? '';
  const splitBy = () => body.querySelector('input[name=ed-split-by]:checked')?.value ?? 'line';

  /** Runs a write; on success says `success`, tells the map and opens `next` ({kind, code}) or the same record again. */
  async function write(button, action, success) {
    if (button) button.disabled = true;
    message(null);
    done(null);
    try {
      const next = await action();
      if (next === undefined) return; // refused before sending (e.g. a note is missing)
      tool = null;
      edit.stop();
      onChanged();
      await open(next?.kind ?? view.kind, next?.code ?? view.code, { keepMessage: true });
      done(typeof success === 'function' ? success(next) : success);
    } catch (e) {
      fail(e);
    } finally {
      if (button?.isConnected) button.disabled = false;
    }
  }

  function requireNote(id) {
    const note = noteOf(id);
    if (!note) {
      message(t().errors['note-required']);
      body.querySelector(`#${id}`)?.focus();
      return null;
    }
    return note;
  }

  function save(ev) {
    ev.preventDefault();
    const s = t();
    const p = view.feature.properties;
    const form = ev.target;
    const changed = {};
    for (const field of RECORD_FIELDS[view.kind]) {
      const next = readField(field, form.elements[field.key]);
      if (!sameValue(next, p[field.key] ?? null)) changed[field.key] = next;
    }
    const status = form.elements.status.value;
    if (status !== p.status) changed.status = status;
    const note = noteOf('ed-note');
    write(form.querySelector('[type=submit]'), async () => {
      if (!Object.keys(changed).length) {
        message(s.edNothingChanged);
        return undefined;
      }
      if (changed.status && !note) return void requireNote('ed-note');
      await request(itemUrl(), { method: 'PATCH', ifMatch: view.etag, body: { properties: changed, ...(note ? { note } : {}) } });
      return null;
    }, s.edSaved);
  }

  function create(ev) {
    ev.preventDefault();
    const s = t();
    const form = ev.target;
    const kind = view.kind;
    const code = form.querySelector('#ed-code').value.trim();
    const properties = { code, zoneCode: form.querySelector('#ed-zone').value, status: form.elements.status.value };
    for (const field of RECORD_FIELDS[kind]) {
      const value = readField(field, form.elements[field.key]);
      if (value != null) properties[field.key] = value;
    }
    const note = noteOf('ed-note');
    write(form.querySelector('[type=submit]'), async () => {
      if (!code) {
        message(`${s.p.code}${s.sep}${s.edRequired}`);
        return undefined;
      }
      const feature = { type: 'Feature', geometry: view.geometry, properties };
      const { data } = await request(`/collections/${COLLECTION[kind]}/items`, { method: 'POST', body: { ...feature, ...(note ? { note } : {}) } });
      return { kind, code: data?.properties?.code ?? code };
    }, s.edCreated);
  }

  async function startCreate(kind) {
    message(null);
    done(null);
    tool = null;
    edit.select([]);
    edit.showPast(null);
    view = { name: 'empty' };
    setHtml(body, html`<p class="hint" data-testid="ed-hint">${t().edDrawHint}</p>`);
    const layer = await edit.draw('Polygon');
    if (!layer) { render(); return; }
    const geometry = geometryOf(layer);
    view = { name: 'create', kind, geometry, zone: zoneAt(store.get('zones'), geometry.coordinates[0][0]) };
    render();
    body.querySelector('#ed-code')?.focus();
  }

  async function saveShape(button) {
    const copy = view.reshaping;
    if (!copy) return;
    const note = noteOf('ed-reshape-note');
    write(button, async () => {
      await request(itemUrl(), { method: 'PATCH', ifMatch: view.etag, body: { properties: {}, geometry: geometryOf(copy), ...(note ? { note } : {}) } });
      return null;
    }, t().edSaved);
  }

  function splitBody() {
    const codes = [body.querySelector('#ed-split-code1').value.trim(), body.querySelector('#ed-split-code2').value.trim()];
    return codes.every(Boolean) ? { codes } : {};
  }

  async function split(button) {
    const s = t();
    const note = requireNote('ed-split-note');
    if (!note) return;
    const parent = view.code;
    let line = null;
    if (splitBy() === 'line') {
      done(null);
      message(null);
      $('ed-done').textContent = s.edSplitDrawNow;
      $('ed-done').hidden = false;
      const drawn = await edit.draw('Line');
      done(null);
      if (!drawn) return;
      line = geometryOf(drawn);
    }
    const areaMu = Number(body.querySelector('#ed-split-mu')?.value);
    write(button, async () => {
      if (!line && !(areaMu > 0)) {
        message(`${s.edSplitMu}${s.sep}${s.edRequired}`);
        return undefined;
      }
      const how = line ? { line } : { areaMu, direction: body.querySelector('#ed-split-direction').value };
      const { data } = await request(`${itemUrl()}/split`, { method: 'POST', ifMatch: view.etag, body: { ...how, ...splitBody(), note } });
      return { kind: 'parcel', code: data.children[0].properties.code, children: data.children.map((c) => c.properties.code) };
    }, (next) => s.edSplitDone(parent, next.children));
  }

  function retire(button) {
    const note = requireNote('ed-retire-note');
    if (!note) return;
    write(button, async () => {
      await request(`${itemUrl()}/retire`, { method: 'POST', ifMatch: view.etag, body: { note } });
      return null;
    }, t().edRetired);
  }

  function verify(button) {
    write(button, async () => {
      await api(`${itemUrl()}/verify`, { method: 'POST', body: {} });
      return null;
    }, t().edVerifiedDone);
  }

  function merge(button) {
    const s = t();
    const note = requireNote('ed-merge-note');
    if (!note) return;
    const codes = [...view.parcels.keys()];
    const versions = Object.fromEntries([...view.parcels.values()].map((f) => [f.properties.code, f.properties.version]).filter(([, v]) => v != null));
    const code = body.querySelector('#ed-merge-code').value.trim();
    write(button, async () => {
      const { data } = await request('/collections/parcels/merge', { method: 'POST', body: { codes, note, versions, ...(code ? { code } : {}) } });
      return { kind: 'parcel', code: data.child.properties.code };
    }, (next) => s.edMergeDone(codes, next.code));
  }

  // ---- events ----------------------------------------------------------------------------------------------------

  async function onClick(ev) {
    const button = ev.target.closest('button[data-action]');
    if (!button) return;
    const action = button.dataset.action;
    if (action === 'reload') { message(null); if (view.code) open(view.kind, view.code); return; }
    if (action === 'open-split' || action === 'open-retire') { tool = action.slice(5); edit.stop(); render(); return; }
    if (action === 'cancel-tool') { tool = null; edit.stop(); view.reshaping = null; render(); return; }
    if (action === 'cancel-create' || action === 'cancel-merge') { edit.stop(); edit.select([]); view = { name: 'empty' }; render(); return; }
    if (action === 'reshape') {
      tool = 'reshape';
      render();
      view.reshaping = await edit.reshape(view.feature);
      return;
    }
    if (action === 'save-shape') return saveShape(button);
    if (action === 'split') return split(button);
    if (action === 'retire') return retire(button);
    if (action === 'verify') return verify(button);
    if (action === 'merge') return merge(button);
  }

  function onHistoryClick(ev) {
    // A parent or child named in the lineage: its record (a retired parent is drawn from its stored outline).
    const related = ev.target.closest('button[data-open-record]');
    if (related && view.kind) { open(view.kind, related.dataset.openRecord); return; }
    const button = ev.target.closest('button[data-show-geometry]');
    if (!button || !view.history) return;
    const change = geometryChange(view.history, button.dataset.showGeometry);
    edit.showPast(change?.old ?? change?.new ?? null);
  }

  body.addEventListener('click', onClick);
  $('ed-message').addEventListener('click', onClick); // its reload button
  body.addEventListener('click', onHistoryClick);
  body.addEventListener('toggle', (ev) => { if (ev.target.matches?.('details.attributes')) attributesOpen = ev.target.open; }, true);
  body.addEventListener('change', (ev) => { if (ev.target.name === 'ed-split-by') body.querySelector('.split-area').hidden = splitBy() !== 'area'; });
  body.addEventListener('submit', (ev) => (ev.target.id === 'ed-create' ? create(ev) : save(ev)));
  $('ed-new-parcel').addEventListener('click', () => startCreate('parcel'));
  $('ed-new-factory').addEventListener('click', () => startCreate('factory'));
  $('ed-merge').addEventListener('click', () => {
    message(null);
    done(null);
    edit.stop();
    edit.select([]);
    view = { name: 'merge', parcels: new Map() };
    render();
  });

  /** Another user, or the tab closed: the selection and any drawing go. */
  function reset() {
    seq++;
    tool = null;
    view = { name: 'empty' };
    edit.clear();
    message(null);
    done(null);
    render();
  }

  store.subscribe('tab', (tab) => { if (tab !== 'edit') reset(); });
  store.subscribe('lang', render);
  return { take, applyRole: reset, render, open };
}
