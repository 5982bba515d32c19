// "Match a project" panel (staff and above): lists ranked candidates (score bars, reasons) and near misses (failed
// checks) from /api/match and highlights both on the map. Staff match the form's project without saving it; editors
// save it first, can then reserve and undo candidates, and run batch allocation (/api/allocate). The project being
// edited is the store's `currentProject` ({ id, etag, project }): the first 保存并匹配 creates it (POST /api/projects),
// later ones update it (PATCH with If-Match), and the register (panels/register.js) hands one over the same way.
// The results are drawn by layers/match.js.
import { api, errorText, request } from '../api.js';
import { lang, t } from '../i18n.js';
import { atLeast } from '../roles.js';
import * as store from '../store.js';
import { fmt, zoneName } from '../format.js';
import { html, nodes, setHtml } from '../html.js';
import { addToShortlist, inShortlist } from './shortlist.js';

/** `layer`: layers/match.js; `onResourcesChanged()` after a reservation or its undo (statuses changed). */
export function initMatching({ layer, onResourcesChanged }) {
  const $ = (id) => document.getElementById(id);
  let role = 'public';
  let last = null;
  const projectId = () => store.get('currentProject')?.id ?? null;

  const canEdit = () => atLeast('editor', role);

  function showError(e) {
    $('m-error').textContent = errorText(e);
    $('m-error').hidden = false;
  }

  /** Forgets results: they belong to the user who asked for them. */
  function clear() {
    layer.clear();
    store.set('currentProject', null);
    last = null;
    $('m-result').hidden = true;
    $('m-error').hidden = true;
    $('m-allocation').hidden = true;
    $('m-allocation').replaceChildren();
  }

  /** Shows only what `newRole` may use (the tab itself is tabs.js's): no saving, reserving or batch for staff. */
  function applyRole() {
    const newRole = store.get('role');
    if (newRole !== role) clear();
    role = newRole;
    $('m-submit').dataset.i18n = canEdit() ? 'mSubmit' : 'mMatch';
    $('m-submit').textContent = t()[$('m-submit').dataset.i18n];
    $('m-batch').hidden = !canEdit();
  }

  function projectFromForm() {
    const f = new FormData($('match-form'));
    const num = (k) => (f.get(k) === '' || f.get(k) === null ? undefined : Number(f.get(k)));
    return {
      name: f.get('name'), industryChain: f.get('industryChain') || undefined, pollutionClass: f.get('pollutionClass'),
      investmentWan: num('investmentWan'), landNeedMu: num('landNeedMu'), floorNeedM2: num('floorNeedM2'), powerKva: num('powerKva'),
      annualTaxWan: num('annualTaxWan'), maxLandPriceWanPerMu: num('maxLandPriceWanPerMu'), minFloorHeightM: num('minFloorHeightM'),
      maxRentYuanM2Month: num('maxRentYuanM2Month'),
    };
  }

  function reserveButton() {
    return html`<button type="button" class="reserve" data-testid="reserve">${t().reserve}</button>`;
  }

  function item(c, role) {
    const s = t();
    const size = c.kind === 'land' ? `${fmt(c.areaMu)} ${s.units.mu} · ${c.landUse ?? ''}` : `${fmt(c.vacantFloorM2, 0)} m²`;
    const reason = role === 'candidate'
      ? html`<div class="reason">${lang() === 'zh' ? c.reasonZh : c.reason}</div>`
      : c.failures.map((f) => html`<div class="fail">✗ ${lang() === 'zh' ? f.messageZh : f.message}</div>`);
    const reserve = role === 'candidate' && projectId() && canEdit() ? reserveButton() : '';
    return html`<li data-code="${c.code}" data-kind="${c.kind}" data-role="${role}" data-testid="match-${role}">
      <div class="head"><span>${role === 'candidate' ? `#${c.rank} ` : ''}${c.code}</span><span>${fmt(c.score, 1)}</span></div>
      <div>${zoneName(c.zone)} · ${size}</div>
      <div class="bar" title="${s.score} ${fmt(c.score, 1)} / 100"><span style="width:${Math.max(0, Math.min(100, c.score))}%"></span></div>
      ${reason}
      <div class="buttons"><button type="button" class="zoom" data-testid="zoom">${s.zoom}</button>${shortlistButton(c)}${reserve}</div>
    </li>`;
  }

  /** Adds a result to the investor's shortlist (panels/shortlist.js); says so once it is there. */
  function shortlistButton(c) {
    const listed = inShortlist(c.kind, c.code);
    return html`<button type="button" class="shortlist" data-testid="match-shortlist" ${listed ? html`disabled` : ''}>${listed ? t().sheet.added : t().sheet.add}</button>`;
  }

  function addResult(li, button) {
    const c = [...(last?.candidates ?? []), ...(last?.nearMisses ?? [])].find((x) => x.code === li.dataset.code && x.kind === li.dataset.kind);
    if (c) addToShortlist(c.kind, { properties: c });
    button.disabled = true;
    button.textContent = t().sheet.added;
  }

  /** A parcel available after recovery: no reserve button (it is not free), its expected day and whether recovery is due. */
  function laterItem(x) {
    const s = t();
    const c = x.candidate;
    return html`<li data-code="${c.code}" data-kind="land" data-role="afterRecovery" data-testid="match-afterRecovery">
      <div class="head"><span>${c.code}</span><span>${fmt(c.score, 1)}</span></div>
      <div>${zoneName(c.zone)} · ${fmt(c.areaMu)} ${s.units.mu} · ${c.landUse ?? ''}</div>
      <div class="available" data-testid="available-from">${s.mAvailableFrom(x.availableFrom)}</div>
      ${x.recoveryDue ? html`<div class="fail" data-testid="recovery-due">${s.mRecoveryDue}</div>` : ''}
      <div class="reason">${lang() === 'zh' ? c.reasonZh : c.reason}</div>
    </li>`;
  }

  function render() {
    if (!last) return;
    const s = t();
    $('m-project').textContent = `${s.project}${s.sep}${last.projectName}`;
    $('m-route').textContent = `${s.route}${s.sep}${lang() === 'zh' ? last.route.ruleZh : last.route.rule}`;
    $('m-count').textContent = `${last.candidates.length} / ${last.candidateCount}`;
    $('m-near-count').textContent = `${last.nearMisses.length} / ${last.nearMissCount}`;
    setHtml($('m-candidates'), last.candidates.length ? last.candidates.map((c) => item(c, 'candidate')) : html`<li>${s.none}</li>`);
    setHtml($('m-near'), last.nearMisses.length ? last.nearMisses.map((c) => item(c, 'nearMiss')) : html`<li>${s.none}</li>`);
    // Land found idle through the enterprise's fault: apart from the candidates, with the day it is expected back.
    const later = last.afterRecovery ?? [];
    $('m-later-block').hidden = later.length === 0;
    $('m-later-count').textContent = String(later.length);
    setHtml($('m-later'), later.map(laterItem));
    $('m-result').hidden = false;
  }

  async function submit(ev) {
    ev.preventDefault();
    $('m-error').hidden = true;
    $('m-submit').disabled = true;
    try {
      const project = projectFromForm();
      const zone = $('m-zone').value;
      const scope = { pool: $('m-pool').value, ...(zone ? { zones: [zone] } : {}) };
      if (canEdit()) {
        const id = await save(project);
        last = await api('/api/match', { method: 'POST', body: { projectId: id, ...scope } });
      } else {
        // Staff may match but not save: the project goes inline and nothing is written.
        last = await api('/api/match', { method: 'POST', body: { project, ...scope } });
      }
      render();
      layer.show(last.features);
    } catch (e) {
      showError(e);
    } finally {
      $('m-submit').disabled = false;
    }
  }

  /**
   * Creates the form's project the first time, updates it afterwards (If-Match: a 412 means someone else changed it
   * meanwhile and is shown as such); returns its id.
   */
  async function save(project) {
    const current = store.get('currentProject');
    // Cleared numbers are sent as null so the update clears them too (a POST leaves them out).
    const body = current ? Object.fromEntries(Object.entries(project).map(([k, v]) => [k, v ?? null])) : project;
    const { data, etag } = current
      ? await request(`/api/projects/${encodeURIComponent(current.id)}`, { method: 'PATCH', ifMatch: current.etag, body })
      : await request('/api/projects', { method: 'POST', body });
    store.set('currentProject', { id: data.id, etag: etag ?? `"${data.version}"`, project: data, from: 'match' });
    return data.id;
  }

  /** The project being edited, shown above the button, with a way to start a new one. */
  function renderEditing() {
    const current = store.get('currentProject');
    $('m-editing').hidden = !current || !canEdit();
    if (current) $('m-editing-name').textContent = t().mEditing(current.project?.name ?? `#${current.id}`);
  }

  /** A project handed over by the register: its fields fill the form. */
  function fill(project) {
    const form = $('match-form');
    for (const key of ['name', 'industryChain', 'pollutionClass', 'investmentWan', 'landNeedMu', 'floorNeedM2', 'powerKva', 'annualTaxWan',
      'maxLandPriceWanPerMu', 'minFloorHeightM', 'maxRentYuanM2Month']) {
      if (form.elements[key]) form.elements[key].value = project[key] ?? '';
    }
    layer.clear();
    last = null;
    $('m-result').hidden = true;
    $('m-error').hidden = true;
  }

  async function reserve(li, button) {
    button.disabled = true;
    try {
      const r = await api('/api/reservations', { method: 'POST', body: { projectId: projectId(), kind: li.dataset.kind === 'land' ? 'parcel' : 'factory', code: li.dataset.code } });
      const s = t();
      button.replaceWith(nodes(html`<span class="reserved-tag">${s.reserved}</span> <button type="button" class="undo" data-testid="undo" data-reservation="${r.id}">${s.undo}</button>`));
      onResourcesChanged();
    } catch (e) {
      button.disabled = false;
      showError(e);
    }
  }

  async function undo(button) {
    button.disabled = true;
    try {
      await api(`/api/reservations/${encodeURIComponent(button.dataset.reservation)}`, { method: 'DELETE' });
      button.previousElementSibling?.remove();
      button.replaceWith(nodes(reserveButton()));
      onResourcesChanged();
    } catch (e) {
      button.disabled = false;
      showError(e);
    }
  }

  function onListClick(ev) {
    const li = ev.target.closest('li[data-code]');
    if (!li) return;
    document.querySelectorAll('.results li.selected').forEach((x) => x.classList.remove('selected'));
    li.classList.add('selected');
    if (ev.target.classList.contains('reserve')) return reserve(li, ev.target);
    if (ev.target.classList.contains('undo')) return undo(ev.target);
    if (ev.target.classList.contains('shortlist')) return addResult(li, ev.target);
    layer.focus(li.dataset.role, li.dataset.code);
  }

  async function allocate() {
    const s = t();
    $('m-allocate').disabled = true;
    $('m-error').hidden = true;
    try {
      const r = await api('/api/allocate', { method: 'POST', body: {} });
      const rows = (pool) => {
        const all = [
          ...pool.assignments.map((a) => html`<tr><td>${a.projectName}</td><td>${a.code}</td><td>${fmt(a.score, 1)}</td></tr>`),
          ...pool.unassigned.map((u) => html`<tr class="unassigned"><td>${u.projectName}</td><td colspan="2">${s.unassigned}${s.sep}${lang() === 'zh' ? u.reasonZh : u.reason}</td></tr>`),
        ];
        return all.length ? all : html`<tr><td colspan="3">${s.none}</td></tr>`;
      };
      const head = html`<tr><th>${s.project}</th><th>${s.resource}</th><th>${s.score}</th></tr>`;
      setHtml($('m-allocation'), html`
        <p class="summary"><b>${s.allocLand}</b> ${s.total} ${fmt(r.land.totalScore, 1)}</p>
        <table id="alloc-land" data-testid="alloc-land">${head}${rows(r.land)}</table>
        <p class="summary"><b>${s.allocFactory}</b> ${s.total} ${fmt(r.factory.totalScore, 1)} · ${s.gap} ${fmt(r.factory.gap * 100, 2)}%</p>
        <table id="alloc-factory" data-testid="alloc-factory">${head}${rows(r.factory)}</table>`);
      $('m-allocation').hidden = false;
      layer.show(r.features);
    } catch (e) {
      showError(e);
    } finally {
      $('m-allocate').disabled = false;
    }
  }

  function fillZones() {
    const select = $('m-zone');
    const current = select.value;
    select.length = 1;
    for (const z of store.get('zones').filter((x) => !x.properties.parent)) select.add(new Option(lang() === 'zh' ? z.properties.nameZh : z.properties.nameEn, z.properties.code));
    select.value = current;
  }

  $('match-form').addEventListener('submit', submit);
  $('m-candidates').addEventListener('click', onListClick);
  $('m-near').addEventListener('click', onListClick);
  $('m-later').addEventListener('click', onListClick);
  $('m-allocate').addEventListener('click', allocate);
  $('m-new').addEventListener('click', () => {
    clear();
    $('match-form').reset();
  });
  store.subscribe('currentProject', (current) => {
    if (current && current.from !== 'match') fill(current.project);
    renderEditing();
  });
  /** The industry chains a project may name (i18n `chains`): the value is the zone's Chinese name, the label the page's. */
  function fillChains() {
    setHtml($('chains'), Object.entries(t().chains).map(([name, said]) => html`<option value="${name}" label="${said}"></option>`));
  }

  function rerender() {
    fillChains();
    fillZones();
    render();
    renderEditing();
    $('m-submit').textContent = t()[$('m-submit').dataset.i18n];
  }

  store.subscribe('lang', rerender);
  fillChains();
  return { applyRole, rerender };
}
