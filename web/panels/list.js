// The list of what the map shows (issue 12, item 4): a sortable, paged table of the parcels or the factories that the
// filters match — the same query the map draws — optionally only those in the map's view. The page tells it what it drew
// through the store's `shown` ({ mode, params, parcels, factories }, app.js):
//  - 'all' mode: every match was fetched and drawn, so the list sorts and pages those features here;
//  - 'view' mode (too many to draw at once): the list asks the items endpoint for one page at a time, sorted by the
//    server (sortby) and, when "only in view" is ticked, within the view's box — the same filters the overview draws.
// Hovering or focusing a row outlines the resource on the map; clicking its code (a button: every resource is reachable
// by keyboard through the list) zooms to it and opens its card; ☆ adds it to the shortlist (panels/shortlist.js).
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import * as store from '../store.js';
import { api, errorText } from '../api.js';
import { lang, t } from '../i18n.js';
import { fmt, statusName } from '../format.js';
import { html, setHtml } from '../html.js';
import { geoJson, toLonLat } from '../geo.js';
import { addToShortlist, inShortlist } from './shortlist.js';

export const PAGE_SIZE = 20;
const DAY_MS = 86_400_000;

/** Years since a date (YYYY-MM-DD), to one decimal; null when unknown. */
function yearsSince(day, now = Date.now()) {
  return day ? Math.max(0, (now - Date.parse(day)) / (365.25 * DAY_MS)) : null;
}

function landUseName(code) {
  if (code == null) return null;
  const entry = (store.get('landUses') ?? []).find((l) => l.code === code);
  const name = (lang() === 'en' ? entry?.nameEn : null) ?? entry?.nameZh ?? code;
  return name.replace(/用地$|\s+land$/i, ''); // 一类工业用地 → 一类工业: the column is narrow, and it is the land-use column
}

/**
 * The columns of each kind: `key` names the property (and the server's sortby name), `value(p)` what is sorted on, `text(p)`
 * what is shown; `staff` columns appear only when the rows carry the (internal) field. Idle years sort as the opposite of
 * idleSince: the longest idle first when descending.
 */
const COLUMNS = {
  parcels: [
    { key: 'areaMu', label: (s) => s.list.withUnit(s.list.area, s.units.mu), value: (p) => p.areaMu, text: (p) => fmt(p.areaMu, 1), num: true },
    { key: 'status', label: (s) => s.list.status, value: (p) => p.status, text: (p) => statusName(p.status) },
    { key: 'landUse', label: (s) => s.list.landUse, value: (p) => p.landUse, text: (p) => landUseName(p.landUse) },
    { key: 'priceWanPerMu', label: (s) => s.list.withUnit(s.list.price, s.units.wanPerMu), value: (p) => p.priceWanPerMu, text: (p) => fmt(p.priceWanPerMu, 1), num: true },
    { key: 'idleYears', sortby: 'idleSince', inverse: true, staff: 'idleSince', label: (s) => s.list.withUnit(s.list.idleYears, s.list.years),
      value: (p) => yearsSince(p.idleSince), text: (p) => fmt(yearsSince(p.idleSince), 1), num: true },
  ],
  factories: [
    { key: 'vacantFloorM2', label: (s) => s.list.withUnit(s.list.vacant, s.units.m2), value: (p) => p.vacantFloorM2, text: (p) => fmt(p.vacantFloorM2, 0), num: true },
    { key: 'status', label: (s) => s.list.status, value: (p) => p.status, text: (p) => statusName(p.status) },
    { key: 'floorHeightM', label: (s) => s.list.withUnit(s.list.floorHeight, s.units.m), value: (p) => p.floorHeightM, text: (p) => fmt(p.floorHeightM, 1), num: true },
    { key: 'rentYuanM2Month', label: (s) => s.list.withUnit(s.list.rent, s.units.rent), value: (p) => p.rentYuanM2Month, text: (p) => fmt(p.rentYuanM2Month, 1), num: true },
  ],
};
const KIND = { parcels: 'parcel', factories: 'factory' };

/** Compares two values, missing ones last whatever the direction (as the server's NULLS LAST). */
function compare(a, b, dir) {
  if (a == null || a === '') return b == null || b === '' ? 0 : 1;
  if (b == null || b === '') return -1;
  const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'en');
  return dir === 'desc' ? -c : c;
}

/** `root`: the list's section; `map`; `showResource(kind, code)`: zoom to a resource and open its card. */
export function initList({ root, map, showResource }) {
  const state = { kind: 'parcels', sort: { key: 'areaMu', dir: 'desc' }, page: 0, inView: false };
  const highlight = L.layerGroup().addTo(map);
  let boundsOf = new WeakMap(); // feature → its L.LatLngBounds (for "only in view" in 'all' mode)
  store.subscribe('datum', () => { boundsOf = new WeakMap(); }); // on another basemap datum the shapes lie elsewhere
  let rows = []; // the features of the page shown
  let total = 0;
  let capped = false; // 'view' mode: the server counted up to its cap (10 000) and there are more
  let seq = 0;
  let pending = null;

  const shown = () => store.get('shown');
  const columns = () => COLUMNS[state.kind].filter((c) => !c.staff || rows.some((f) => f.properties[c.staff] != null)
    || (shown()?.[state.kind] ?? []).some((f) => f.properties[c.staff] != null));

  function bounds(feature) {
    if (!boundsOf.has(feature)) boundsOf.set(feature, geoJson([feature]).getBounds());
    return boundsOf.get(feature);
  }

  /** The view's box in lon/lat for the items query (no padding: the list is what is on screen). */
  function viewBox() {
    const b = map.getBounds();
    const [w, s] = toLonLat(b.getSouthWest());
    const [e, n] = toLonLat(b.getNorthEast());
    return [Math.max(-180, w), Math.max(-90, s), Math.min(180, e), Math.min(90, n)].map((v) => v.toFixed(6)).join(',');
  }

  /** 'all' mode: the drawn features, filtered to the view if asked, sorted and cut to the page. */
  function localPage(features) {
    const view = map.getBounds();
    const inView = state.inView ? features.filter((f) => view.intersects(bounds(f))) : features;
    const column = COLUMNS[state.kind].find((c) => c.key === state.sort.key);
    const sorted = [...inView].sort((a, b) => compare(column.value(a.properties), column.value(b.properties), state.sort.dir)
      || String(a.properties.code).localeCompare(String(b.properties.code), 'en'));
    total = sorted.length;
    state.page = Math.min(state.page, Math.max(0, Math.ceil(total / PAGE_SIZE) - 1));
    return sorted.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE);
  }

  /** 'view' mode: one page from the server, sorted there. */
  async function remotePage(params, signal) {
    const column = COLUMNS[state.kind].find((c) => c.key === state.sort.key);
    const descending = (state.sort.dir === 'desc') !== Boolean(column.inverse);
    const query = new URLSearchParams(params[state.kind]);
    if (state.inView) query.set('bbox', viewBox());
    query.set('sortby', `${descending ? '-' : ''}${column.sortby ?? column.key}`);
    query.set('limit', String(PAGE_SIZE));
    query.set('offset', String(state.page * PAGE_SIZE));
    const page = await api(`/collections/${state.kind}/items?${query}`, { signal });
    const more = page.links?.some((l) => l.rel === 'next');
    // numberMatched is exact on the last page and a count that stops at 10 000 before it (CollectionsApi).
    total = page.numberMatched ?? state.page * PAGE_SIZE + page.features.length + (more ? 1 : 0);
    capped = Boolean(more) && total >= 10_000;
    return page.features;
  }

  async function update() {
    const mine = ++seq;
    capped = false;
    pending?.abort();
    pending = null;
    const s = shown();
    root.dataset.state = 'loading';
    if (!s) { rows = []; total = 0; render(); root.dataset.state = 'empty'; return; }
    try {
      if (s.mode === 'all' || s.params.parcels.status === '') {
        rows = localPage(s[state.kind] ?? []);
      } else {
        pending = new AbortController();
        const features = await remotePage(s.params, pending.signal);
        if (mine !== seq) return;
        rows = features;
      }
      root.querySelector('.list-error').hidden = true;
    } catch (e) {
      if (mine !== seq || e?.name === 'AbortError') return;
      rows = [];
      total = 0;
      const box = root.querySelector('.list-error');
      box.textContent = errorText(e);
      box.hidden = false;
    }
    render();
    root.dataset.state = 'ready';
    root.dataset.version = String(mine); // for tests: this update is drawn
  }

  function header(column) {
    const s = t();
    const sorted = state.sort.key === column.key;
    const ariaSort = sorted ? (state.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
    const arrow = sorted ? (state.sort.dir === 'asc' ? ' ▲' : ' ▼') : '';
    return html`<th scope="col" aria-sort="${ariaSort}" class="${column.num ? 'num' : ''}"><button type="button" class="sort" data-sort="${column.key}"
      data-testid="list-sort-${column.key}" title="${s.list.sortBy}">${column.label(s)}${arrow}</button></th>`;
  }

  function shortlistButton(kind, code) {
    const s = t();
    return inShortlist(kind, code)
      ? html`<button type="button" class="shortlisted" data-testid="list-shortlisted" disabled title="${s.sheet.added}" aria-label="${s.list.inShortlist(code)}">★</button>`
      : html`<button type="button" class="add-shortlist" data-testid="list-add" data-code="${code}" title="${s.sheet.add}" aria-label="${s.list.addFor(code)}">☆</button>`;
  }

  function row(feature) {
    const p = feature.properties;
    const kind = KIND[state.kind];
    const name = kind === 'factory' && p.name ? html`<small>${p.name}</small>` : '';
    return html`<tr data-code="${p.code}" data-testid="list-row">
      <th scope="row"><button type="button" class="link open" data-code="${p.code}" data-testid="list-open">${p.code}</button>${name}</th>
      ${columns().map((c) => html`<td class="col-${c.key}${c.num ? ' num' : ''}">${c.text(p) ?? '—'}</td>`)}
      <td class="actions">${shortlistButton(kind, p.code)}</td></tr>`;
  }

  function render() {
    const s = t();
    const from = total === 0 ? 0 : state.page * PAGE_SIZE + 1;
    const to = state.page * PAGE_SIZE + rows.length;
    const last = Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);
    setHtml(root, html`<h3 id="list-title">${s.list.title}</h3>
      <div class="list-options">
        <div class="kinds" role="radiogroup" aria-label="${s.list.kind}">
          ${['parcels', 'factories'].map((k) => html`<label><input type="radio" name="list-kind" value="${k}" data-testid="list-kind-${k}" ${state.kind === k ? html`checked` : ''}>${s.list.kinds[k]}</label>`)}
        </div>
        <label class="check"><input type="checkbox" data-testid="list-in-view" class="in-view" ${state.inView ? html`checked` : ''}>${s.list.inView}</label>
      </div>
      <div class="list-error error" role="alert" hidden></div>
      <div class="table-wrap"><table class="resource-list" data-testid="list-table" aria-labelledby="list-title">
        <thead><tr><th scope="col">${s.list.code}</th>${columns().map(header)}<th scope="col"><span class="visually-hidden">${s.list.actions}</span></th></tr></thead>
        <tbody>${rows.map(row)}</tbody>
      </table></div>
      ${rows.length === 0 ? html`<p class="hint" data-testid="list-empty">${s.list.empty}</p>` : ''}
      <nav class="pager" aria-label="${s.list.pages}">
        <button type="button" data-page="prev" data-testid="list-prev" aria-label="${s.list.prev}" ${state.page === 0 ? html`disabled` : ''}>‹</button>
        <span data-testid="list-range" data-total="${total}" data-from="${from}" data-to="${to}">${s.list.range(from, to, capped ? `${fmt(total, 0)}+` : fmt(total, 0))}</span>
        <button type="button" data-page="next" data-testid="list-next" aria-label="${s.list.next}" ${state.page >= last ? html`disabled` : ''}>›</button>
      </nav>`);
  }

  function outline(code) {
    highlight.clearLayers();
    const feature = rows.find((f) => f.properties.code === code);
    if (!feature) return;
    geoJson([feature], { style: () => ({ color: '#ffb000', weight: 4, fill: false, interactive: false, className: 'list-highlight' }) }).addTo(highlight);
  }

  root.addEventListener('click', (ev) => {
    const sort = ev.target.closest('button[data-sort]');
    const open = ev.target.closest('button.open');
    const pager = ev.target.closest('button[data-page]');
    const add = ev.target.closest('button.add-shortlist');
    if (add) {
      const feature = rows.find((f) => f.properties.code === add.dataset.code);
      if (feature) addToShortlist(KIND[state.kind], feature); // the store's `shortlist` changes: the rows are drawn again
      root.querySelector(`tr[data-code="${CSS.escape(add.dataset.code)}"] button.open`)?.focus();
    } else if (sort) {
      const key = sort.dataset.sort;
      const column = COLUMNS[state.kind].find((c) => c.key === key);
      state.sort = state.sort.key === key ? { key, dir: state.sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: column.num ? 'desc' : 'asc' };
      state.page = 0;
      update().then(() => root.querySelector(`button[data-sort="${key}"]`)?.focus());
    } else if (open) {
      showResource(KIND[state.kind], open.dataset.code);
    } else if (pager) {
      state.page += pager.dataset.page === 'next' ? 1 : -1;
      update().then(() => root.querySelector(`button[data-page="${pager.dataset.page}"]:not(:disabled)`)?.focus());
    }
  });
  root.addEventListener('change', (ev) => {
    if (ev.target.name === 'list-kind') {
      state.kind = ev.target.value;
      state.sort = { key: COLUMNS[state.kind][0].key, dir: 'desc' };
    } else if (ev.target.classList.contains('in-view')) {
      state.inView = ev.target.checked;
    } else return;
    state.page = 0;
    const focused = ev.target.dataset.testid;
    update().then(() => root.querySelector(`[data-testid="${focused}"]`)?.focus());
  });
  // Hovering or focusing a row outlines its resource on the map.
  root.addEventListener('mouseover', (ev) => { const tr = ev.target.closest('tr[data-code]'); if (tr) outline(tr.dataset.code); });
  root.addEventListener('mouseleave', () => highlight.clearLayers());
  root.addEventListener('focusin', (ev) => { const tr = ev.target.closest('tr[data-code]'); if (tr) outline(tr.dataset.code); else highlight.clearLayers(); });
  root.addEventListener('focusout', (ev) => { if (!root.contains(ev.relatedTarget)) highlight.clearLayers(); });

  store.subscribe('shown', () => { state.page = 0; highlight.clearLayers(); update(); });
  store.subscribe('lang', render);
  store.subscribe('shortlist', render);
  map.on('moveend', () => { if (state.inView) { state.page = 0; update(); } });
  render();
  return { update, state };
}
