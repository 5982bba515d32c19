// LandMap map page: zone outlines, idle parcels coloured by status, factories by vacancy; filters query the API
// (OGC API – Features items), and the counts and totals are those of what is drawn. What the page shows depends on who
// is signed in (panels/auth.js): the public sees idle and negotiating resources without internal fields; staff see
// everything and the status history; matching is for staff, reserving, batch allocation and importing ledgers for
// editors; the record panel shows a resource's history to staff and lets editors draw, reshape, split, merge, retire and
// verify. Everyone may export what the filters show. Staff also have the project register (项目库) and the absorption
// dashboard (看板) beside the map, and the 盘活 tab: idle-land warnings and findings, plans (一地一策) and dispatch meetings.
//
// This file wires the parts together: map layers live in layers/, side panels in panels/, shared state in store.js,
// strings in i18n/, requests go through api.js and HTML through html.js.
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import * as store from './store.js';
import { api, setUnauthorizedHandler } from './api.js';
import { applyTexts, initialLanguage, setLanguage, lang, t } from './i18n.js';
import { atLeast } from './roles.js';
import { createZoneLayer } from './layers/zones.js';
import { createParcelLayer } from './layers/parcels.js';
import { createFactoryLayer } from './layers/factories.js';
import { createMatchLayer } from './layers/match.js';
import { createImportPreviewLayer } from './layers/import-preview.js';
import { createPopups } from './layers/popups.js';
import { createEditLayer } from './layers/edit.js';
import { initAuth } from './panels/auth.js';
import { initTabs } from './panels/tabs.js';
import { initFilters } from './panels/filters.js';
import { initLegend } from './panels/legend.js';
import { initMatching } from './panels/match.js';
import { initImport } from './panels/import.js';
import { initExport } from './panels/export.js';
import { initEditor } from './panels/editor.js';
import { initRegister } from './panels/register.js';
import { initDashboard } from './panels/dashboard.js';
import { initRevitalise } from './panels/revitalise.js';
import { initShortlist } from './panels/shortlist.js';
import { initCompare } from './panels/compare.js';
import { initAvailability } from './panels/availability.js';
import { initBottomSheet } from './panels/bottom-sheet.js';
import { keepCardsInSight } from './layers/cards-in-sight.js';
import { enableNearbyTaps } from './layers/nearby-tap.js';
import { createFocusLayer } from './layers/focus.js';
import { initSearch } from './panels/search.js';
import { initList } from './panels/list.js';
import { initShareLinks, readLink } from './url-state.js';
import { createOverview } from './layers/overview.js';
import { toLonLat } from './geo.js';
import { createBasemaps } from './layers/basemap.js';

/**
 * How the page draws what the filters match, by how many there are (from /api/stats, which also gives the totals):
 *  - 'all':  up to ALL_LIMIT resources: every shape is drawn (SVG), each with its card, in one request per collection;
 *  - 'view': more (a city or a province): zoomed out, the overview draws vector tiles of the same filters on canvas
 *            (layers/overview.js); from SHAPES_ZOOM on, the shapes of the view are fetched (bbox, one page) and drawn on
 *            canvas with their cards. Only what is in view is loaded, and a newer view cancels the older's requests.
 */
const ALL_LIMIT = 2000;
const VIEW_LIMIT = 4000;
const SHAPES_ZOOM = 13;

const link = readLink(); // a shared link's view, filters, selection and language (url-state.js)
store.set('lang', link.lang ?? initialLanguage());
const map = L.map('map', { preferCanvas: false, zoomSnap: 0.25 }).setView([36.3, 119.2], 8);
// The record panel takes clicks on resources while its tab is open (it is made below, with the panels).
const popups = createPopups(map, { intercept: (kind, feature) => editor.take(kind, feature) });
const zones = createZoneLayer(map);
const parcels = createParcelLayer(map, { popups });
const factories = createFactoryLayer(map, { popups });
const overview = createOverview(map, { minZoomToOpen: SHAPES_ZOOM });
const canvas = L.canvas({ padding: 0.3 });
// A basemap on another datum (CGCS2000 ↔ GCJ-02) moves every shape: draw the zones and the resources again.
const basemaps = createBasemaps(map, { onDatumChange: () => { map.closePopup(); focus.clear(); zones.show(); refresh(); } });
window.landmap = { map, store, parcels, factories, overview }; // for debugging in the console and for browser tests
let layerControl = null;
let seq = 0;
let mode = 'all';
let totalsKnown = false; // whether any totals have come yet (the mode is a guess before)
let current = null; // the filters of the newest refresh
let requests = null; // the AbortController of the current filters' requests (totals, and the shapes of the first view)
let viewRequests = null; // the AbortController of the requests for the view after a move

/** The items of `path` for `params`, in one page of at most `limit` (`next` tells whether there were more). */
async function getFeatures(path, params, limit, signal) {
  const query = new URLSearchParams(params);
  query.set('limit', String(limit));
  const page = await api(`${path}?${query}`, { signal });
  return { features: page?.features ?? [], more: Boolean(page?.links?.some((l) => l.rel === 'next')) };
}

/** The totals of the filters (the same query parameters as the items: /api/stats takes both collections' filters). */
async function statsFor(params, signal) {
  return api(`/api/stats?${new URLSearchParams({ ...params.parcels, ...params.factories })}`, { signal });
}

/** What the overview draws: the filters of the collections whose layer is on and that match something. */
let counts = { parcels: 1, factories: 1 };
function overviewParams(params) {
  return {
    parcels: map.hasLayer(parcels.group) && counts.parcels > 0 ? params.parcels : null,
    factories: map.hasLayer(factories.group) && counts.factories > 0 ? params.factories : null,
  };
}

/** The view's box in lon/lat (CGCS2000), a little larger than the screen so a small pan needs nothing new. */
function viewBox() {
  const b = map.getBounds().pad(0.15);
  const [w, s] = toLonLat(b.getSouthWest());
  const [e, n] = toLonLat(b.getNorthEast());
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  return [clamp(w, -180, 180), clamp(s, -90, 90), clamp(e, -180, 180), clamp(n, -90, 90)].map((v) => v.toFixed(6)).join(',');
}

/** In 'view' mode: the shapes of the view when zoomed in and not too many there, else the overview alone. */
async function drawView(params, signal) {
  if (map.getZoom() < SHAPES_ZOOM) {
    parcels.clear();
    factories.clear();
    await overview.show(overviewParams(params));
    return;
  }
  const bbox = viewBox();
  const [p, f] = await Promise.all([
    getFeatures('/collections/parcels/items', { ...params.parcels, bbox }, VIEW_LIMIT, signal),
    getFeatures('/collections/factories/items', { ...params.factories, bbox }, VIEW_LIMIT, signal),
  ]);
  if (signal.aborted) return;
  if (p.more || f.more) { // more than can be drawn as shapes: the overview shows them
    parcels.clear();
    factories.clear();
    await overview.show(overviewParams(params));
    return;
  }
  parcels.show(p.features, { renderer: canvas });
  factories.show(f.features, { renderer: canvas });
  overview.hide();
  performance.mark('landmap:view-shapes');
}

/** Loads what the filters ask for and redraws parcels, factories and totals; a newer call supersedes an older one. */
async function refresh() {
  if (!store.get('config')) return; // a filter event before the start loaded the configuration: start() refreshes
  const mine = ++seq;
  requests?.abort();
  viewRequests?.abort();
  requests = new AbortController();
  const { signal } = requests;
  const params = filters.params();
  current = params;
  filters.showLoading(true);
  filters.showTotals(null);
  store.set('stats', null);
  let drawn = null; // the features drawn in 'all' mode, for the list (panels/list.js)
  try {
    if (params.parcels.status === '') { // no status ticked: nothing to show
      overview.hide();
      parcels.clear();
      factories.clear();
      filters.showTotals({ parcels: 0, mu: 0, factories: 0, m2: 0 });
      store.set('stats', { parcels: { byStatus: [] }, factories: { byStatus: [] } });
      drawn = { parcels: [], factories: [] };
    } else {
      // Drawing starts with the mode the last filters had; the totals tell whether it is still the right one. The view
      // is drawn under its own controller: a move cancels it (it draws the new view) but not the totals. Before the first
      // totals, a view zoomed out starts its overview tiles beside them (at a million parcels the totals take about a
      // second, the tiles longer): a zone's few parcels then replace the tiles, and a zone zoomed in waits for the totals.
      const stats = statsFor(params, signal);
      const view = () => {
        viewRequests = new AbortController();
        const viewSignal = viewRequests.signal;
        return drawView(params, viewSignal).catch((e) => { if (!viewSignal.aborted) throw e; });
      };
      const early = mode === 'view' || (!totalsKnown && map.getZoom() < SHAPES_ZOOM) ? view() : null;
      const totals = await stats;
      if (mine !== seq || signal.aborted) return;
      filters.showTotals({ parcels: totals.parcels.count, mu: totals.parcels.areaMu, factories: totals.factories.count, m2: totals.factories.vacantFloorM2 });
      counts = { parcels: totals.parcels.count, factories: totals.factories.count };
      store.set('stats', totals); // the legend's counts per status
      mode = totals.parcels.count + totals.factories.count <= ALL_LIMIT ? 'all' : 'view';
      totalsKnown = true;
      if (mode === 'all') {
        if (early) viewRequests?.abort(); // started for another mode: it draws nothing more, and its tiles go
        overview.hide();
        const [p, f] = await Promise.all([getFeatures('/collections/parcels/items', params.parcels, ALL_LIMIT, signal),
          getFeatures('/collections/factories/items', params.factories, ALL_LIMIT, signal)]);
        if (mine !== seq) return;
        parcels.show(p.features);
        factories.show(f.features);
        drawn = { parcels: p.features, factories: f.features };
        performance.mark('landmap:all-shapes');
        if (fitAfterRefresh) fitToDrawn();
      } else if (early) {
        await early;
        if (overview.shown) await overview.show(overviewParams(params)); // the same tiles, unless a collection matched nothing
      } else {
        await view();
      }
    }
    if (mine !== seq) return;
    document.body.dataset.mode = mode;
    store.set('shown', { mode, params, ...drawn });
    delete document.body.dataset.failed;
    document.body.dataset.loaded = String(mine);
    performance.mark('landmap:loaded');
  } catch (e) {
    if (mine !== seq || signal.aborted) return;
    // What an earlier query drew is no longer known to be true: clear it rather than show it as current, and stop the
    // view's requests so they draw nothing beside the error.
    viewRequests?.abort();
    map.closePopup();
    overview.hide();
    parcels.clear();
    factories.clear();
    filters.showTotals(null);
    filters.showError(e);
    store.set('shown', null);
    document.body.dataset.failed = String(mine);
  } finally {
    if (mine === seq) filters.showLoading(false);
  }
}

/** The map moved: in 'view' mode, what is in view now (the requests for the old view are cancelled). */
async function viewChanged() {
  if (mode !== 'view' || !current || current.parcels.status === '') return;
  const mine = seq;
  // A move cancels the older move's requests, never the filters' (their totals still count).
  viewRequests?.abort();
  viewRequests = new AbortController();
  const { signal } = viewRequests;
  try {
    await drawView(current, signal);
    if (mine === seq && !signal.aborted) {
      document.body.dataset.viewLoaded = String(Number(document.body.dataset.viewLoaded ?? 0) + 1);
      // For the page benchmark (tests/bench/page.mjs): the moved view is drawn, also when it needed no new tile.
      performance.mark('landmap:view-drawn');
    }
  } catch (e) {
    if (signal.aborted || mine !== seq) return;
    filters.showError(e);
  }
}
map.on('moveend', viewChanged);
map.on('overlayadd overlayremove', () => { if (mode === 'view' && overview.shown) overview.show(overviewParams(current)); });

/** A dashboard period was chosen: the next redraw zooms to what was absorbed then (a few parcels, tiny at zone scale). */
let fitAfterRefresh = false;
function fitToDrawn() {
  fitAfterRefresh = false;
  const drawn = L.featureGroup([...parcels.group.getLayers(), ...factories.group.getLayers()]).getBounds();
  if (drawn.isValid()) map.fitBounds(drawn, { padding: [30, 30], maxZoom: 15, animate: false });
}

let debounce = 0;
/** A filter changed: refresh shortly (typing is one refresh), unless the filters are those already shown. */
function scheduleRefresh() {
  clearTimeout(debounce);
  debounce = setTimeout(() => {
    if (current && !document.body.dataset.failed && JSON.stringify(filters.params()) === JSON.stringify(current)) return;
    refresh();
  }, 250);
}

/** Static texts, the document's language and title, and the layer control's names. */
function renderTexts() {
  const s = t();
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  document.title = `${s.title} · LandMap`;
  applyTexts();
  const langSwitch = document.getElementById('lang-switch');
  langSwitch.textContent = s.switchTo;
  langSwitch.lang = lang() === 'zh' ? 'en' : 'zh-CN'; // it names the other language in that language
  if (layerControl) layerControl.remove();
  // On a phone the open layer list would cover a third of the map: there it is a button.
  const collapsed = window.matchMedia('(max-width: 700px)').matches;
  layerControl = L.control.layers(null, { [s.layers.zones]: zones.group, [s.layers.parcels]: parcels.group, [s.layers.factories]: factories.group }, { collapsed }).addTo(map);
}

async function loadConfig() {
  const config = await api('/api/config');
  store.set('landUses', config.landUses);
  store.set('config', config);
  basemaps.show(config); // not awaited: the offline basemap's file loads beside the data
}

/** The tabs and panels as the signed-in role may use them. */
function applyRole() {
  tabs.applyRole();
  matching.applyRole();
  importer.applyRole();
  editor.applyRole();
  // One tab, two names: editors edit, staff read the record and its history.
  const tab = document.getElementById('tab-edit');
  tab.dataset.i18n = atLeast('editor') ? 'tabEdit' : 'tabRecords';
  tab.textContent = t()[tab.dataset.i18n];
}

/** After sign-in or sign-out: what this caller may see (statuses, fields, controls) changed, so ask again and redraw. */
async function accessChanged() {
  map.closePopup();
  focus.clear();
  applyRole();
  try {
    await loadConfig();
  } catch (e) {
    filters.showError(e);
    return;
  }
  filters.render({ resetStatuses: true });
  await refresh();
  document.body.dataset.role = store.get('role');
}

const filters = initFilters({ onChange: scheduleRefresh, onZone: (code) => zones.zoomTo(code) });
const auth = initAuth({ onChange: accessChanged, onError: (e) => filters.showError(e) });
const tabs = initTabs();
initLegend();
const matchLayer = createMatchLayer(map);
const importPreview = createImportPreviewLayer(map);
Object.assign(window.landmap, { match: matchLayer, importPreview }); // for browser tests, as parcels and factories
const matching = initMatching({ layer: matchLayer, onResourcesChanged: refresh });
const importer = initImport({ layer: importPreview, onImported: refresh });
initExport({ filterParams: () => filters.params() });
const editor = initEditor({ edit: createEditLayer(map), onChanged: refresh });
const focus = createFocusLayer(map, { layers: { parcel: parcels, factory: factories }, popups });
initSearch(map, { showResource: focus.show, zoomToZone: (code) => zones.zoomTo(code) });
initList({ root: document.getElementById('list'), map, showResource: focus.show });
const share = initShareLinks({ map, refresh, select: focus.show, zoomTo: (code) => zones.zoomTo(code) });
initRegister({ root: document.getElementById('register-panel'), showResource: focus.show, openInMatch: () => tabs.show('match') });
initDashboard({ root: document.getElementById('dashboard') });
initRevitalise({ root: document.getElementById('revitalise-panel'), map, showParcel: focus.show, openTab: () => tabs.show('revitalise') });
initAvailability();
initBottomSheet({ map });
keepCardsInSight(map);
enableNearbyTaps(map, { layers: [parcels, factories] });
const compare = initCompare({ dialog: document.getElementById('compare-dialog') });
initShortlist({ root: document.getElementById('shortlist-panel'), onShow: (kind, code) => focus.show(kind, code).catch((e) => filters.showError(e)), onCompare: (items) => compare.open(items).catch((e) => filters.showError(e)) });
store.subscribe('absorbedPeriod', (period) => { fitAfterRefresh = Boolean(period); scheduleRefresh(); });
// The dashboard beside the map changed the map's width: what was in view stays in view.
store.subscribe('dashboardOpen', () => {
  const view = map.getBounds(); // still of the old size: Leaflet measures again only in invalidateSize
  map.invalidateSize({ pan: false });
  map.fitBounds(view, { animate: false });
});
// A 401 from any request: the session has expired (or was ended elsewhere): say so and offer to sign in again.
setUnauthorizedHandler(() => auth.expired());
store.subscribe('lang', () => { renderTexts(); map.closePopup(); });

async function start() {
  filters.showTotals(null);
  const zoneItems = api('/collections/zones/items?limit=1000'); // public: asked beside who we are and the configuration
  zoneItems.catch(() => {}); // (its failure is reported where it is awaited)
  await Promise.all([auth.load(), loadConfig()]); // the configuration is the caller's by the same cookie
  store.set('zones', (await zoneItems).features);
  renderTexts();
  filters.render();
  filters.renderZones();
  zones.show();
  if (!share.restoreStart(link)) zones.zoomTo('');
  matching.rerender(); // its zone list
  applyRole();
  document.getElementById('lang-switch').addEventListener('click', () => setLanguage(lang() === 'zh' ? 'en' : 'zh'));
  await refresh();
  await share.finishStart(link);
  document.body.dataset.role = store.get('role');
}

start().catch((e) => {
  filters.showTotals(null);
  filters.showError(e);
  document.body.dataset.failed = 'start';
});

