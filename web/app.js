// LandMap map page: zone outlines, idle parcels coloured by status, factories by vacancy; filters query the API
// (OGC API – Features items), and the counts and totals are those of what is drawn. What the page shows depends on who
// is signed in (auth.js): the public sees idle and negotiating resources without internal fields; staff see everything
// and the status history; matching is for staff, reserving, batch allocation and importing ledgers for editors. Everyone
// may export what the filters show.
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { strings, initialLanguage, errorText } from './i18n.js';
import { coordsToLatLng } from './geo.js';
import { initMatching } from './match.js';
import { initAuth } from './auth.js';
import { initPopups } from './popups.js';
import { initTabs } from './tabs.js';
import { initImport } from './importer.js';
import { initExport } from './exporter.js';
import { api, setUnauthorizedHandler } from './api.js';
import { esc, html, setHtml } from './html.js';

const STATUS_COLORS = { idle: '#d7301f', negotiating: '#fc8d59', reserved: '#8c6bb1', allocated: '#41ab5d', in_use: '#969696' };
const VACANCY_STEPS = [[0.75, '#08519c'], [0.5, '#3182bd'], [0.25, '#6baed6'], [0, '#c6dbef']];
const PAGE = 5000;

const state = { lang: initialLanguage(), config: null, zones: [], landUses: [], seq: 0 };
const t = () => strings[state.lang];
const $ = (id) => document.getElementById(id);

const map = L.map('map', { preferCanvas: false, zoomSnap: 0.25 }).setView([36.3, 119.2], 8);
window.landmap = { map }; // for debugging in the console and for browser tests
const zoneLayer = L.layerGroup().addTo(map);
const parcelLayer = L.layerGroup().addTo(map);
const factoryLayer = L.layerGroup().addTo(map);
let layerControl = null;
let basemap = null;

function fmt(n, digits = 2) {
  return n == null ? '—' : Number(n).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: digits });
}

function vacancyColor(rate) {
  return VACANCY_STEPS.find(([min]) => rate >= min)?.[1] ?? VACANCY_STEPS.at(-1)[1];
}

function showError(element, error) {
  element.textContent = errorText(t(), error);
  element.hidden = false;
}

/** Follows `next` links so the map shows every matching feature, not just the first page. */
async function getAllFeatures(path, params) {
  if (params.status === '') return { features: [], numberMatched: 0 }; // no status ticked: nothing to show
  const query = new URLSearchParams(params);
  query.set('limit', String(PAGE));
  let url = `${path}?${query}`;
  const features = [];
  let numberMatched = 0;
  while (url) {
    const page = await api(url);
    numberMatched = page.numberMatched;
    features.push(...page.features);
    const next = page.links?.find((l) => l.rel === 'next');
    url = next ? new URL(next.href).pathname + new URL(next.href).search : null;
  }
  return { features, numberMatched };
}

function filterParams() {
  const common = {};
  if ($('zone').value) common.zone = $('zone').value;
  const parcels = { ...common };
  const statuses = [...document.querySelectorAll('#statuses input:checked')].map((i) => i.value);
  if (statuses.length < state.config.statuses.length) parcels.status = statuses.join(',');
  if ($('landUse').value) parcels.landUse = $('landUse').value;
  if ($('minMu').value !== '') parcels.minMu = $('minMu').value;
  if ($('maxMu').value !== '') parcels.maxMu = $('maxMu').value;
  const factories = { ...common };
  if (parcels.status) factories.status = parcels.status;
  if ($('minVacantM2').value !== '') factories.minVacantM2 = $('minVacantM2').value;
  if ($('minFloorHeight').value !== '') factories.minFloorHeight = $('minFloorHeight').value;
  return { parcels, factories };
}

function zoneName(code) {
  const z = state.zones.find((x) => x.properties.code === code);
  return z ? (state.lang === 'zh' ? z.properties.nameZh : z.properties.nameEn) : code;
}

function statusName(status) {
  return status == null ? null : t().status[status] ?? status;
}

function geoJson(features, options) {
  return L.geoJSON({ type: 'FeatureCollection', features }, { coordsToLatLng: coordsToLatLng(L, state.config.basemap.crs), ...options });
}

/** The totals; null while loading or after a failure ("—": unknown, not zero). */
function showTotals(totals) {
  const set = (id, value, digits) => { $(id).textContent = value == null ? '—' : fmt(value, digits); };
  set('parcel-count', totals?.parcels, 0);
  set('parcel-mu', totals?.mu, 1);
  set('factory-count', totals?.factories, 0);
  set('factory-m2', totals?.m2, 0);
  for (const [id, n] of [['parcel-count', totals?.parcels], ['factory-count', totals?.factories]]) {
    if (n == null) delete $(id).dataset.count;
    else $(id).dataset.count = String(n);
  }
}

async function refresh() {
  const seq = ++state.seq;
  const { parcels, factories } = filterParams();
  $('loading').hidden = false;
  $('error').hidden = true;
  showTotals(null);
  try {
    const [p, f] = await Promise.all([getAllFeatures('/collections/parcels/items', parcels), getAllFeatures('/collections/factories/items', factories)]);
    if (seq !== state.seq) return; // a newer query superseded this one
    parcelLayer.clearLayers();
    factoryLayer.clearLayers();
    geoJson(p.features, {
      style: (ft) => ({ color: '#333', weight: 0.8, fillColor: STATUS_COLORS[ft.properties.status], fillOpacity: 0.7, className: `parcel status-${ft.properties.status}` }),
      onEachFeature: (ft, layer) => popups.bind('parcel', ft, layer),
    }).addTo(parcelLayer);
    geoJson(f.features, {
      style: (ft) => ({ color: '#08306b', weight: 1, fillColor: vacancyColor(ft.properties.vacancyRate), fillOpacity: 0.85, className: 'factory' }),
      onEachFeature: (ft, layer) => popups.bind('factory', ft, layer),
    }).addTo(factoryLayer);
    showTotals({
      parcels: p.features.length, mu: p.features.reduce((s, x) => s + x.properties.areaMu, 0),
      factories: f.features.length, m2: f.features.reduce((s, x) => s + x.properties.vacantFloorM2, 0),
    });
    document.body.dataset.loaded = String(seq);
  } catch (e) {
    if (seq !== state.seq) return;
    // What an earlier query drew is no longer known to be true: clear it rather than show it as current.
    map.closePopup();
    parcelLayer.clearLayers();
    factoryLayer.clearLayers();
    showTotals(null);
    showError($('error'), e);
    document.body.dataset.failed = String(seq);
  } finally {
    if (seq === state.seq) $('loading').hidden = true;
  }
}

function renderZones() {
  zoneLayer.clearLayers();
  geoJson(state.zones, {
    style: (ft) => ft.properties.parent
      ? { color: '#123b63', weight: 1, dashArray: '2 4', fill: false, interactive: false, className: 'park' }
      : { color: '#123b63', weight: 2, dashArray: '8 6', fillOpacity: 0.03, interactive: false, className: 'zone' },
  }).addTo(zoneLayer);
  zoneLayer.eachLayer((g) => g.eachLayer?.((layer) => {
    const p = layer.feature.properties;
    // Leaflet puts a string tooltip in as HTML: the zone name is text.
    if (!p.parent) layer.bindTooltip(esc(state.lang === 'zh' ? p.nameZh : p.nameEn), { permanent: true, direction: 'top', className: 'zone-label' });
  }));
  const select = $('zone');
  const current = select.value;
  select.length = 1;
  for (const z of state.zones) {
    const p = z.properties;
    const label = state.lang === 'zh' ? p.nameZh : p.nameEn;
    select.add(new Option(p.parent ? `　${label}` : label, p.code));
  }
  select.value = current;
}

/** Texts, status check boxes (the statuses this caller may see), land uses, legend and layer control. */
function renderStatic({ resetStatuses = false } = {}) {
  const s = t();
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `${s.title} · LandMap`;
  document.querySelectorAll('[data-i18n]').forEach((el) => { if (typeof s[el.dataset.i18n] === 'string') el.textContent = s[el.dataset.i18n]; });
  document.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = s[el.dataset.i18nPlaceholder] ?? el.placeholder; });
  document.querySelectorAll('[data-i18n-aria-label]').forEach((el) => { el.setAttribute('aria-label', s[el.dataset.i18nAriaLabel] ?? el.getAttribute('aria-label')); });
  $('lang-switch').textContent = s.switchTo;
  const statuses = $('statuses');
  const checked = new Set([...statuses.querySelectorAll('input:checked')].map((i) => i.value));
  const all = resetStatuses || statuses.children.length === 0;
  const swatch = (color) => html`<span class="swatch" style="background:${color}"></span>`;
  setHtml(statuses, state.config.statuses.map((st) => html`<label><input type="checkbox" name="status" value="${st}" ${all || checked.has(st) ? html`checked` : ''}>
    ${swatch(STATUS_COLORS[st])}${statusName(st)}</label>`));
  const landUse = $('landUse');
  const lu = landUse.value;
  landUse.length = 1;
  for (const { code, nameZh } of state.landUses.filter((l) => /^(1001|1101|0802)/.test(l.code))) landUse.add(new Option(`${code} ${nameZh}`, code));
  landUse.add(new Option(`M0 新型产业用地`, 'M0'));
  landUse.value = lu;
  setHtml($('legend'), html`<h3>${s.legendParcels}</h3>${state.config.statuses.map((st) => html`<div>${swatch(STATUS_COLORS[st])}${statusName(st)}</div>`)}
    <h3>${s.legendFactories}</h3>${VACANCY_STEPS.map(([min, c]) => html`<div>${swatch(c)}≥ ${min * 100}%</div>`)}
    <h3>${s.zones}</h3><div><span class="swatch zone-swatch"></span>${s.zones}</div>`);
  if (layerControl) layerControl.remove();
  // On a phone the open layer list would cover a third of the map: there it is a button.
  const collapsed = window.matchMedia('(max-width: 700px)').matches;
  layerControl = L.control.layers(null, { [s.layers.zones]: zoneLayer, [s.layers.parcels]: parcelLayer, [s.layers.factories]: factoryLayer }, { collapsed }).addTo(map);
}

function zoomToZone() {
  const code = $('zone').value;
  const target = code ? state.zones.filter((z) => z.properties.code === code) : state.zones.filter((z) => !z.properties.parent);
  // Not animated: a zoom requested while Leaflet is still animating the previous one would be dropped.
  if (target.length) map.fitBounds(geoJson(target, {}).getBounds(), { padding: [20, 20], animate: false });
}

let debounce = 0;
function scheduleRefresh() {
  clearTimeout(debounce);
  debounce = setTimeout(refresh, 250);
}

async function loadConfig() {
  state.config = await api('/api/config');
  state.landUses = state.config.landUses;
  if (state.config.basemap.url && !basemap) {
    basemap = L.tileLayer(state.config.basemap.url, { attribution: state.config.basemap.attribution ?? '', maxZoom: 18 }).addTo(map);
  }
}

/** The tabs, the match panel and the import wizard as the signed-in role may use them. */
function applyRole() {
  const role = auth.role();
  tabs.setAvailable({ match: auth.atLeast('staff'), import: auth.atLeast('editor') });
  matching.setRole(role);
  importer.setRole(role);
}

/** After sign-in or sign-out: what this caller may see (statuses, fields, controls) changed, so ask again and redraw. */
async function accessChanged() {
  map.closePopup();
  applyRole();
  try {
    await loadConfig();
  } catch (e) {
    showError($('error'), e);
    return;
  }
  renderStatic({ resetStatuses: true });
  await refresh();
  document.body.dataset.role = auth.role();
}

const auth = initAuth({ t, onChange: accessChanged, onError: (e) => showError($('error'), e) });
const popups = initPopups({
  t, fmt, zoneName, statusName, lang: () => state.lang, landUses: () => state.landUses, canSeeHistory: () => auth.atLeast('staff'),
});
const matching = initMatching({
  L, map, t, fmt, lang: () => state.lang, zones: () => state.zones, zoneName,
  coords: () => coordsToLatLng(L, state.config.basemap.crs), onResourcesChanged: refresh,
});
const importer = initImport({
  L, map, t, fmt, lang: () => state.lang, coords: () => coordsToLatLng(L, state.config.basemap.crs), onImported: refresh,
});
const tabs = initTabs({ onShow: (tab) => importer.setShown(tab === 'import') });
initExport({ t, filterParams });
// A 401 from any request: the session has expired (or was ended elsewhere): say so and offer to sign in again.
setUnauthorizedHandler(() => auth.expired());

async function start() {
  showTotals(null);
  await auth.load();
  await loadConfig();
  state.zones = (await api('/collections/zones/items?limit=1000')).features;
  renderStatic();
  renderZones();
  zoomToZone();
  matching.rerender(); // its zone list
  applyRole();
  $('filters').addEventListener('input', scheduleRefresh);
  $('filters').addEventListener('change', scheduleRefresh);
  $('filters').addEventListener('reset', () => setTimeout(() => { renderStatic(); scheduleRefresh(); }, 0));
  $('zone').addEventListener('change', zoomToZone);
  $('zoom-zone').addEventListener('click', zoomToZone);
  $('lang-switch').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('landmap.lang', state.lang);
    renderStatic();
    renderZones();
    auth.render();
    matching.rerender();
    importer.rerender();
    map.closePopup();
  });
  await refresh();
  document.body.dataset.role = auth.role();
}

start().catch((e) => {
  showTotals(null);
  showError($('error'), e);
  document.body.dataset.failed = 'start';
});
