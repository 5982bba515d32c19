// Share links (issue 12, item 5): the page's address holds what it shows — the view, the filters, the selected resource
// and the language — as a plain query string on the page's own path, e.g.
//   /?lang=en&zone=LXEDZ&landUse=100101&minMu=20&maxMu=50&status=idle&view=36.83650,120.54790,14.00&sel=parcel:LXEDZ-0001
// so a copied address opens the same map. Written through the history API: a new entry when the filters or the selected
// resource change (Back undoes them), the same entry replaced when the map moves or the language changes; Back and
// Forward (popstate) put the page back as the entry says. The view is stored as CGCS2000 lon/lat (geo.js), so a link
// means the same place whatever the basemap's datum.
import * as store from './store.js';
import { coordsToLatLng, toLonLat } from './geo.js';

/** The form fields a link carries, by query name (the element ids of the filter form). */
const FIELDS = ['zone', 'landUse', 'minMu', 'maxMu', 'minVacantM2', 'minFloorHeight'];
const KINDS = ['parcel', 'factory'];
const $ = (id) => document.getElementById(id);

/** What the address says: { lang, filters: { field: value } | null, statuses: [] | null, view: {lon, lat, zoom} | null, sel }. */
export function readLink(search = location.search) {
  const q = new URLSearchParams(search);
  const lang = ['zh', 'en'].includes(q.get('lang')) ? q.get('lang') : null;
  const filters = {};
  for (const name of FIELDS) if (q.has(name)) filters[name] = q.get(name);
  const statuses = q.has('status') ? q.get('status').split(',').filter(Boolean) : null;
  let view = null;
  const parts = (q.get('view') ?? '').split(',').map(Number);
  if (parts.length === 3 && parts.every(Number.isFinite) && Math.abs(parts[0]) <= 90 && Math.abs(parts[1]) <= 180 && parts[2] >= 0 && parts[2] <= 22) {
    view = { lat: parts[0], lon: parts[1], zoom: parts[2] };
  }
  const [kind, ...rest] = (q.get('sel') ?? '').split(':');
  const sel = KINDS.includes(kind) && rest.length ? { kind, code: rest.join(':') } : null;
  return { lang, filters: Object.keys(filters).length || statuses ? filters : null, statuses, view, sel };
}

/**
 * `map`; `filters`: panels/filters.js; `refresh()`: redraw for the form's filters (app.js); `select(kind, code, {zoom})`:
 * open a resource's card (layers/focus.js); `zoomTo(code)`: fit a zone (no view in the link).
 */
export function initShareLinks({ map, refresh, select, zoomTo }) {
  let restoring = false;
  let selected = null; // { kind, code } of the open card
  let started = false;

  /** The address of what the page shows now. */
  function currentSearch() {
    const q = new URLSearchParams();
    q.set('lang', store.get('lang') ?? 'zh');
    for (const name of FIELDS) if ($(name).value !== '') q.set(name, $(name).value);
    const boxes = [...document.querySelectorAll('#statuses input[name=status]')];
    if (boxes.length) q.set('status', boxes.filter((b) => b.checked).map((b) => b.value).join(',') || 'none');
    const [lon, lat] = toLonLat(map.getCenter());
    q.set('view', `${lat.toFixed(5)},${lon.toFixed(5)},${map.getZoom().toFixed(2)}`);
    if (selected) q.set('sel', `${selected.kind}:${selected.code}`);
    return `?${q.toString().replaceAll('%2C', ',').replaceAll('%3A', ':')}`;
  }

  /** Writes the address: `push` makes a new history entry (filters or selection changed), else the entry is replaced. */
  function write(push) {
    if (!started || restoring) return;
    const search = currentSearch();
    if (search === location.search) return;
    const url = `${location.pathname}${search}`;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }

  /** Puts the link's filters into the form (statuses the caller may not see are left out); true when it had any. */
  function applyFilters(link) {
    if (!link.filters && !link.statuses) return false;
    for (const name of FIELDS) {
      const el = $(name);
      const value = link.filters?.[name] ?? '';
      // A value the select does not offer (e.g. a zone that no longer exists) leaves it at "all".
      el.value = value;
      if (el.tagName === 'SELECT' && el.value !== value) el.value = '';
    }
    if (link.statuses) {
      const boxes = [...document.querySelectorAll('#statuses input[name=status]')];
      const wanted = new Set(link.statuses.filter((s) => boxes.some((b) => b.value === s)));
      // A staff link opened by the public may name only statuses the public may not see: then the page's defaults stay.
      if (wanted.size || link.statuses.includes('none')) for (const box of boxes) box.checked = wanted.has(box.value);
      // Told like a click, so what follows the boxes (仅看可用 / 全部, panels/availability.js) follows; the refresh this
      // schedules finds the filters already drawn and does nothing.
      document.getElementById('statuses').dispatchEvent(new Event('change', { bubbles: true }));
    }
    return true;
  }

  function applyView(link) {
    if (!link.view) return false;
    map.setView(coordsToLatLng()([link.view.lon, link.view.lat]), link.view.zoom, { animate: false });
    return true;
  }

  async function applySelection(link) {
    if (!link.sel) { map.closePopup(); return; }
    try {
      await select(link.sel.kind, link.sel.code, { zoom: !link.view });
    } catch {
      selected = null; // no longer there (or not for this caller): the link opens without it
    }
  }

  /** At start, after the form and the zones are ready: the link's filters and view; returns whether it set a view. */
  function restoreStart(link) {
    restoring = true;
    applyFilters(link);
    if (applyView(link)) return true;
    if (link.filters?.zone) { zoomTo(link.filters.zone); return true; }
    return false;
  }

  /** After the first drawing: the selected resource, then the address is written from here on. */
  async function finishStart(link) {
    await applySelection(link);
    restoring = false;
    started = true;
    write(false);
  }

  // Back / Forward: the entry's language, filters, view and selection.
  window.addEventListener('popstate', async () => {
    const link = readLink();
    restoring = true;
    try {
      if (link.lang && link.lang !== store.get('lang')) store.set('lang', link.lang);
      applyFilters(link) || applyFilters({ filters: {}, statuses: null });
      map.closePopup();
      applyView(link);
      await refresh();
      await applySelection(link);
    } finally {
      restoring = false;
    }
  });

  // The card of a parcel or factory (layers/popups.js) opened or closed.
  map.on('popupopen', (e) => {
    const card = e.popup.getElement()?.querySelector('.popup[data-kind][data-code]');
    if (!card) return;
    selected = { kind: card.dataset.kind, code: card.dataset.code };
    write(true);
  });
  map.on('popupclose', (e) => {
    const card = e.popup.getElement()?.querySelector('.popup[data-kind][data-code]');
    if (!card || card.dataset.code !== selected?.code) return;
    selected = null;
    write(false);
  });
  map.on('moveend', () => write(false));
  // A language switch closes the open card (app.js): the selected one opens again in the new language, where it was.
  store.subscribe('lang', () => {
    const keep = selected;
    write(false);
    if (!keep || restoring) return;
    setTimeout(async () => {
      restoring = true;
      try { await select(keep.kind, keep.code, { zoom: false }); } catch { selected = null; } finally { restoring = false; }
      write(false);
    }, 0);
  });
  // A new drawing for changed filters (app.js sets `shown` after each): a new entry when they differ from the address.
  store.subscribe('shown', (shown) => { if (shown) write(true); });

  return { restoreStart, finishStart, currentSearch };
}
