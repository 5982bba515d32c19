// 项目信息库 (staff and above): the project list with search, stage and zone filters and paging (GET /api/projects), and
// one project opened (GET /api/projects/{id}, its ETag kept): its facts and its reserved and allocated resources (a click
// zooms the map to the resource and opens its card). Editors change fields and the stage (PATCH with If-Match: a stale
// version is a conflict that overwrites nothing) and withdraw a project with a note; "匹配资源" hands the project to the
// match panel through the store's `currentProject`, so 保存并匹配 updates it instead of creating another.
import { api, request, errorText } from '../api.js';
import * as store from '../store.js';
import { t, locale, applyTexts } from '../i18n.js';
import { atLeast } from '../roles.js';
import { chainName, fmt, money, statusName, topZoneCodes, when, zoneName } from '../format.js';
import { html, setHtml } from '../html.js';

const STAGES = ['negotiating', 'signed', 'started', 'producing', 'withdrawn'];
const PAGE = 20;
const SEARCH_DELAY_MS = 300;

/** The fields editors change in the register's form (the stage has its own select): name and input type. */
const FIELDS = [
  ['name', 'text'], ['investor', 'text'], ['industryChain', 'text'],
  ['investmentWan', 'number'], ['landNeedMu', 'number'], ['floorNeedM2', 'number'],
];

/**
 * `root`: the panel's empty element. `showResource(kind, code)`: zoom the map to a resource and open its card.
 * `openInMatch(project)`: show the match panel for this project.
 */
export function initRegister({ root, showResource, openInMatch }) {
  const query = { q: '', stage: '', zone: '', offset: 0 };
  let list = null; // { items, total } of the last answer
  let opened = null; // { project, etag } of the open project
  let listSeq = 0;
  let searchTimer = 0;

  setHtml(root, html`
    <div class="reg-list-view" data-testid="register-list-view">
      <form class="reg-filters" role="search" autocomplete="off">
        <input type="search" class="reg-q" data-testid="register-search" maxlength="200"
          data-i18n-placeholder="regSearch" data-i18n-aria-label="regSearch">
        <div class="grid2">
          <select class="reg-stage" data-testid="register-stage" data-i18n-aria-label="regStage"></select>
          <select class="reg-zone" data-testid="register-zone" data-i18n-aria-label="zone"></select>
        </div>
      </form>
      <p class="reg-count" data-testid="register-count" aria-live="polite"></p>
      <ul class="reg-list" data-testid="register-list"></ul>
      <nav class="reg-pager" data-i18n-aria-label="regPages">
        <button type="button" class="reg-prev" data-i18n="regPrev"></button>
        <span class="reg-range"></span>
        <button type="button" class="reg-next" data-i18n="regNext"></button>
      </nav>
      <p class="error reg-error" role="alert" hidden></p>
    </div>
    <div class="reg-detail" data-testid="project-detail" hidden></div>`);

  const $ = (selector) => root.querySelector(selector);
  const s = () => t();
  const canEdit = () => atLeast('editor');
  const stageName = (stage) => s().regStages[stage] ?? stage;

  function fillSelects() {
    const stage = $('.reg-stage');
    stage.replaceChildren(new Option(s().regAllStages, ''), ...STAGES.map((st) => new Option(stageName(st), st)));
    stage.value = query.stage;
    const zone = $('.reg-zone');
    zone.replaceChildren(new Option(s().allZones, ''), ...topZoneCodes().map((z) => new Option(zoneName(z), z)));
    zone.value = query.zone;
  }

  function showListError(e) {
    $('.reg-error').textContent = errorText(e);
    $('.reg-error').hidden = false;
  }

  async function loadList() {
    const seq = ++listSeq;
    const params = new URLSearchParams({ limit: String(PAGE), offset: String(query.offset) });
    for (const key of ['q', 'stage', 'zone']) if (query[key]) params.set(key, query[key]);
    $('.reg-error').hidden = true;
    root.dataset.loading = 'true';
    try {
      const answer = await api(`/api/projects?${params}`);
      if (seq !== listSeq) return; // a newer search superseded this one
      list = answer;
      renderList();
    } catch (e) {
      if (seq === listSeq) showListError(e);
    } finally {
      if (seq === listSeq) delete root.dataset.loading;
    }
  }

  function needText(p) {
    const u = s().units;
    return [p.landNeedMu == null ? null : `${fmt(p.landNeedMu, 1)} ${u.mu}`, p.floorNeedM2 == null ? null : `${fmt(p.floorNeedM2, 0)} ${u.m2}`]
      .filter(Boolean).join(' + ');
  }

  function renderList() {
    if (!list) return;
    const { items, total } = list;
    $('.reg-count').textContent = s().regCount(total);
    setHtml($('.reg-list'), items.length ? items.map((p) => html`<li>
      <button type="button" class="reg-item" data-id="${p.id}" data-testid="register-item">
        <span class="reg-line"><span class="reg-name">${p.name}</span><span class="stage stage-${p.stage}" data-testid="register-item-stage">${stageName(p.stage)}</span></span>
        <span class="reg-meta">${[p.investor, chainName(p.industryChain), needText(p), (p.preferredZones ?? []).map(zoneName).join('、')].filter(Boolean).join(' · ')}</span>
      </button></li>`) : html`<li class="muted">${s().regNone}</li>`);
    const first = total === 0 ? 0 : query.offset + 1;
    $('.reg-range').textContent = s().regRange(first, query.offset + items.length, total);
    $('.reg-prev').disabled = query.offset === 0;
    $('.reg-next').disabled = query.offset + items.length >= total;
    root.dataset.loaded = String(listSeq);
  }

  function filtersChanged({ delay = 0 } = {}) {
    clearTimeout(searchTimer);
    query.q = $('.reg-q').value.trim();
    query.stage = $('.reg-stage').value;
    query.zone = $('.reg-zone').value;
    query.offset = 0;
    searchTimer = setTimeout(loadList, delay);
  }

  // --- one project ---

  async function open(id) {
    try {
      const { data, etag } = await request(`/api/projects/${encodeURIComponent(id)}`);
      opened = { project: data, etag };
      $('.reg-list-view').hidden = true;
      $('.reg-detail').hidden = false;
      renderDetail();
    } catch (e) {
      if (opened) renderDetailKeepingInput({ kind: 'error', text: errorText(e) }); // "load the latest version" failed
      else showListError(e);
    }
  }

  function close() {
    opened = null;
    $('.reg-detail').hidden = true;
    $('.reg-list-view').hidden = false;
    setHtml($('.reg-detail'), '');
    loadList();
  }

  function resourceItem(r) {
    const u = s().units;
    const kind = r.kind === 'parcel' ? s().regParcel : s().regFactory;
    const size = r.kind === 'parcel' ? (r.areaMu == null ? '' : `${fmt(r.areaMu)} ${u.mu}`) : (r.floorM2 == null ? '' : `${fmt(r.floorM2, 0)} ${u.m2}`);
    const since = r.reservedAt ? new Date(r.reservedAt).toLocaleDateString(locale()) : '';
    return html`<li><button type="button" class="reg-resource" data-kind="${r.kind}" data-code="${r.code}" data-testid="project-resource">
      <span class="reg-line"><b>${kind} ${r.code}</b><span class="status">${statusName(r.status)}</span></span>
      <span class="reg-meta">${[zoneName(r.zoneCode), size, since && s().regSince(since)].filter(Boolean).join(' · ')}</span></button></li>`;
  }

  function fact(label, value) {
    return value == null || value === '' ? '' : html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  }

  function editForm(p) {
    const l = s().regFields;
    const stages = STAGES.filter((st) => st !== 'withdrawn' || p.stage === 'withdrawn');
    const input = ([key, type]) => html`<label><span>${l[key]}</span>
      <input name="${key}" type="${type}" ${type === 'number' ? html`min="0" step="any"` : html`maxlength="200"`} value="${p[key] ?? ''}" data-testid="project-${key}"></label>`;
    return html`<form class="reg-form" data-testid="project-form" autocomplete="off" novalidate>
      ${input(FIELDS[0])}
      <div class="grid2">${FIELDS.slice(1).map(input)}
        <label><span>${s().regStage}</span><select name="stage" data-testid="project-stage">
          ${stages.map((st) => html`<option value="${st}" ${st === p.stage ? html`selected` : ''}>${stageName(st)}</option>`)}</select></label>
      </div>
      <label><span>${s().regNote}</span><input name="note" maxlength="500" data-testid="project-note"></label>
      <div class="actions"><button type="submit" class="primary" data-testid="project-save">${s().regSave}</button></div>
    </form>
    ${p.stage === 'withdrawn' ? '' : html`<fieldset class="reg-withdraw"><legend>${s().regWithdrawTitle}</legend>
      <label><span>${s().regWithdrawNote}</span><textarea name="withdraw-note" rows="2" maxlength="500" data-testid="withdraw-note"></textarea></label>
      <p class="hint">${s().regWithdrawHint}</p>
      <div class="actions"><button type="button" class="reg-withdraw-button" data-testid="project-withdraw">${s().regWithdraw}</button></div>
    </fieldset>`}`;
  }

  function renderDetail(message = null) {
    if (!opened) return;
    renderDetailBody(message);
    $('.reg-detail [data-message]')?.scrollIntoView({ block: 'nearest' });
  }

  function renderDetailBody(message) {
    const p = opened.project;
    const l = s().regFields, u = s().units;
    const resources = p.resources ?? [];
    setHtml($('.reg-detail'), html`
      <button type="button" class="reg-back" data-testid="register-back">← ${s().regBack}</button>
      <h3 class="reg-title"><span data-testid="project-title">${p.name}</span>
        <span class="stage stage-${p.stage}" data-testid="project-stage-badge">${stageName(p.stage)}</span></h3>
      <dl class="facts">
        ${fact(l.investor, p.investor)}${fact(l.industryChain, chainName(p.industryChain))}
        ${fact(s().regInvestment, money(p.investmentWan, 0))}
        ${fact(s().regNeed, needText(p))}
        ${fact(s().regZones, (p.preferredZones ?? []).map(zoneName).join('、'))}
        ${fact(s().regUpdated, p.updatedAt ? `${when(p.updatedAt)} · ${p.updatedBy ?? ''}` : null)}
        ${fact(s().regVersion, p.version)}
      </dl>
      <h4>${s().regResources} <small>${resources.length}</small></h4>
      <ul class="reg-resources" data-testid="project-resources">${resources.length ? resources.map(resourceItem) : html`<li class="muted">${s().regNoResources}</li>`}</ul>
      ${p.stage === 'withdrawn' ? '' : html`<div class="actions"><button type="button" class="reg-match" data-testid="project-match">${s().regMatch}</button></div>`}
      ${message ? html`<div class="${message.kind}" data-message role="${message.kind === 'saved' ? 'status' : 'alert'}" data-testid="project-${message.kind}">${message.text}
        ${message.kind === 'conflict' ? html` <button type="button" class="reg-reload" data-testid="project-reload">${s().regReload}</button>` : ''}</div>` : ''}
      ${canEdit() ? editForm(p) : ''}`);
  }

  /** The fields of the form that differ from the opened project (empty numbers are sent as null: cleared). */
  function changedFields(form) {
    const p = opened.project;
    const out = {};
    for (const [key, type] of FIELDS) {
      const raw = form.elements[key].value.trim();
      const value = type === 'number' ? (raw === '' ? null : Number(raw)) : (raw === '' ? null : raw);
      if (value !== (p[key] ?? null)) out[key] = value;
    }
    if (form.elements.stage.value !== p.stage) out.stage = form.elements.stage.value;
    return out;
  }

  /** PATCH with the ETag the project was read with: a 412 means someone else saved first, and nothing was written. */
  async function patch(fields, note, button) {
    const id = opened.project.id;
    button.disabled = true;
    try {
      const { data: body, etag } = await request(`/api/projects/${encodeURIComponent(id)}`, {
        method: 'PATCH', ifMatch: opened.etag, body: { ...fields, ...(note ? { note } : {}) },
      });
      opened = { project: { ...opened.project, ...body, resources: body.resources ?? (fields.stage === 'withdrawn' ? [] : opened.project.resources) }, etag };
      shareVersion(id, etag);
      renderDetail({ kind: 'saved', text: s().regSaved(body.version ?? '') });
      loadList(); // the list behind shows the change too
      if (fields.stage === 'withdrawn') open(id); // its reservations were released: read them afresh
    } catch (e) {
      button.disabled = false;
      const conflict = e.kind === 'conflict';
      renderDetailKeepingInput({ kind: conflict ? 'conflict' : 'error', text: conflict ? s().regConflict : errorText(e) });
    }
  }

  /** Re-renders the message but keeps what the user typed (a conflict must not throw their edits away). */
  function renderDetailKeepingInput(message) {
    const form = $('.reg-form');
    const typed = form ? Object.fromEntries([...form.elements].filter((el) => el.name).map((el) => [el.name, el.value])) : {};
    const note = $('[data-testid="withdraw-note"]')?.value;
    renderDetail(message);
    const again = $('.reg-form');
    if (again) for (const [name, value] of Object.entries(typed)) if (again.elements[name]) again.elements[name].value = value;
    if (note != null && $('[data-testid="withdraw-note"]')) $('[data-testid="withdraw-note"]').value = note;
  }

  /** The match panel edits the same project: it must send the new version too. */
  function shareVersion(id, etag) {
    if (store.get('currentProject')?.id === id) store.set('currentProject', { id, etag, project: opened.project, from: 'register' });
  }

  async function onDetailSubmit(ev) {
    ev.preventDefault();
    const form = ev.target;
    const fields = changedFields(form);
    if (Object.keys(fields).length === 0) {
      renderDetailKeepingInput({ kind: 'saved', text: s().regNothingChanged });
      return;
    }
    await patch(fields, form.elements.note.value.trim(), form.querySelector('[type=submit]'));
  }

  async function withdraw(button) {
    const note = $('[data-testid="withdraw-note"]').value.trim();
    if (!note) {
      renderDetailKeepingInput({ kind: 'error', text: s().regWithdrawNeedsNote });
      $('[data-testid="withdraw-note"]').focus();
      return;
    }
    await patch({ stage: 'withdrawn' }, note, button);
  }

  function onDetailClick(ev) {
    const target = ev.target.closest('button');
    if (!target) return;
    if (target.classList.contains('reg-back')) close();
    else if (target.classList.contains('reg-reload')) open(opened.project.id);
    else if (target.classList.contains('reg-resource')) {
      showResource(target.dataset.kind, target.dataset.code).catch((e) => renderDetailKeepingInput({ kind: 'error', text: errorText(e) }));
    }
    else if (target.classList.contains('reg-withdraw-button')) withdraw(target);
    else if (target.classList.contains('reg-match')) {
      store.set('currentProject', { id: opened.project.id, etag: opened.etag, project: opened.project, from: 'register' });
      openInMatch(opened.project);
    }
  }

  $('.reg-q').addEventListener('input', () => filtersChanged({ delay: SEARCH_DELAY_MS }));
  $('.reg-filters').addEventListener('submit', (ev) => { ev.preventDefault(); filtersChanged(); });
  $('.reg-stage').addEventListener('change', () => filtersChanged());
  $('.reg-zone').addEventListener('change', () => filtersChanged());
  $('.reg-prev').addEventListener('click', () => { query.offset = Math.max(0, query.offset - PAGE); loadList(); });
  $('.reg-next').addEventListener('click', () => { query.offset += PAGE; loadList(); });
  $('.reg-list').addEventListener('click', (ev) => {
    const item = ev.target.closest('.reg-item');
    if (item) open(item.dataset.id);
  });
  $('.reg-detail').addEventListener('click', onDetailClick);
  $('.reg-detail').addEventListener('submit', onDetailSubmit);
  // The match panel saved the open project: show its new version rather than let a later save here conflict.
  store.subscribe('currentProject', (current) => {
    if (opened && current?.id === opened.project.id && current.etag !== opened.etag) open(opened.project.id);
  });

  function rerender() {
    applyTexts(root);
    fillSelects();
    renderList();
    if (opened) renderDetailKeepingInput(null);
  }

  /** Opened: the first time (and after a sign-in as someone else) it asks for the list. */
  function shown() {
    applyTexts(root);
    fillSelects();
    if (!list && !opened) loadList();
  }

  /** Signed in or out: what the previous user saw is forgotten. */
  function reset() {
    opened = null;
    list = null;
    Object.assign(query, { q: '', stage: '', zone: '', offset: 0 });
    $('.reg-q').value = '';
    $('.reg-detail').hidden = true;
    $('.reg-list-view').hidden = false;
    $('.reg-list').replaceChildren();
  }

  store.subscribe('lang', rerender);
  store.subscribe('role', () => { reset(); if (store.get('tab') === 'register' && atLeast('staff')) shown(); });
  store.subscribe('tab', (tab) => { if (tab === 'register') shown(); });
}
