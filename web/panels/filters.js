// The filter form (zone, land use, area, statuses, vacancy, floor height) and the summary of what the map shows (counts
// and totals, '—' while loading or after a failure, the error box). The statuses offered are those the caller may see
// (the configuration's `statuses`).
import * as store from '../store.js';
import { errorText } from '../api.js';
import { t } from '../i18n.js';
import { fmt, landUseLabel, statusName, zoneName } from '../format.js';
import { STATUS_COLORS } from '../layers/parcels.js';
import { availableOf } from './availability.js';
import { html, setHtml } from '../html.js';

const $ = (id) => document.getElementById(id);

export function swatch(color) {
  return html`<span class="swatch" style="background:${color}"></span>`;
}

/** `onChange()` after any filter changed (debounce it); `onZone(code)` when the zone was chosen or "locate" pressed. */
export function initFilters({ onChange, onZone }) {
  /** The status check boxes (the available ones ticked after a role change) and the land-use choices. */
  function render({ resetStatuses = false } = {}) {
    const config = store.get('config');
    const statuses = $('statuses');
    const checked = new Set([...statuses.querySelectorAll('input:checked')].map((i) => i.value));
    const all = resetStatuses || statuses.children.length === 0;
    const ticked = all ? new Set(availableOf(config.statuses)) : checked; // by default what is on offer (仅看可用)
    setHtml(statuses, config.statuses.map((st) => html`<label><input type="checkbox" name="status" value="${st}" data-testid="status-${st}" ${ticked.has(st) ? html`checked` : ''}>
      ${swatch(STATUS_COLORS[st])}${statusName(st)}</label>`));
    const landUse = $('landUse');
    const lu = landUse.value;
    landUse.length = 1;
    for (const { code } of store.get('landUses').filter((l) => /^(1001|1101|0802)/.test(l.code))) landUse.add(new Option(landUseLabel(code), code));
    landUse.add(new Option(t().landUseM0, 'M0'));
    landUse.value = lu;
  }

  function renderZones() {
    const select = $('zone');
    const current = select.value;
    select.length = 1;
    for (const z of store.get('zones')) {
      const p = z.properties;
      select.add(new Option(p.parent ? `　${zoneName(p.code)}` : zoneName(p.code), p.code));
    }
    select.value = current;
  }

  /** The items queries for parcels and factories; `status: ''` when no status is ticked (nothing to show). */
  function params() {
    const common = {};
    if ($('zone').value) common.zone = $('zone').value;
    const parcels = { ...common };
    const statuses = [...document.querySelectorAll('#statuses input:checked')].map((i) => i.value);
    if (statuses.length < store.get('config').statuses.length) parcels.status = statuses.join(',');
    if ($('landUse').value) parcels.landUse = $('landUse').value;
    if ($('minMu').value !== '') parcels.minMu = $('minMu').value;
    if ($('maxMu').value !== '') parcels.maxMu = $('maxMu').value;
    // The statuses apply to both kinds: none ticked is `status: ''` for both (nothing to show), never "no filter".
    const factories = { ...common };
    if (parcels.status !== undefined) factories.status = parcels.status;
    if ($('minVacantM2').value !== '') factories.minVacantM2 = $('minVacantM2').value;
    if ($('minFloorHeight').value !== '') factories.minFloorHeight = $('minFloorHeight').value;
    // A period chosen on the dashboard (panels/dashboard.js): only what was absorbed then.
    const absorbed = store.get('absorbedPeriod');
    if (absorbed) for (const q of [parcels, factories]) Object.assign(q, { absorbedFrom: absorbed.from, absorbedTo: absorbed.to });
    return { parcels, factories };
  }

  /** The totals; null while loading or after a failure ("—": unknown, not zero). */
  function showTotals(totals) {
    const put = (id, value, digits) => {
      $(id).textContent = value == null ? '—' : fmt(value, digits);
      if (value == null) delete $(id).dataset.count;
      else $(id).dataset.count = String(value);
    };
    put('parcel-count', totals?.parcels, 0);
    put('parcel-mu', totals?.mu, 1);
    put('factory-count', totals?.factories, 0);
    put('factory-m2', totals?.m2, 0);
  }

  function showLoading(loading) {
    $('loading').hidden = !loading;
    if (loading) $('error').hidden = true;
  }

  function showError(error) {
    $('error').textContent = errorText(error);
    $('error').hidden = false;
  }

  $('filters').addEventListener('input', onChange);
  $('filters').addEventListener('change', onChange);
  // 重置 is the page as it opened: the statuses as they start (not those ticked when the boxes were last drawn, e.g. at a
  // language switch) and every zone in view.
  $('filters').addEventListener('reset', () => setTimeout(() => { render({ resetStatuses: true }); onZone(''); onChange(); }, 0));
  $('zone').addEventListener('change', () => onZone($('zone').value));
  $('zoom-zone').addEventListener('click', () => onZone($('zone').value));
  store.subscribe('lang', () => { if (store.get('config')) render(); if (store.get('zones')) renderZones(); });
  return { render, renderZones, params, showTotals, showLoading, showError };
}
