// LandMap map page: zone outlines, idle parcels coloured by status, factories by vacancy; filters query the API
// (OGC API – Features items), and the counts and totals are those of what is drawn.
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { strings, initialLanguage } from './i18n.js';
import { coordsToLatLng } from './geo.js';
import { initMatching } from './match.js';

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

function fmt(n, digits = 2) {
  return n == null ? '—' : Number(n).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: digits });
}

function vacancyColor(rate) {
  return VACANCY_STEPS.find(([min]) => rate >= min)?.[1] ?? VACANCY_STEPS.at(-1)[1];
}

async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: 'application/geo+json, application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new Error(body?.detail ?? res.statusText);
    err.code = body?.code;
    throw err;
  }
  return body;
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
    const page = await getJson(url);
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

function row(label, value) {
  return value == null || value === '' ? '' : `<tr><th>${label}</th><td>${value}</td></tr>`;
}

function landUseLabel(code, original) {
  const name = state.landUses.find((l) => l.code === code)?.nameZh ?? '';
  return `${code} ${name}${original && original !== code ? `（${state.lang === 'zh' ? '原' : 'ledger'} ${original}）` : ''}`;
}

function zoneName(code) {
  const z = state.zones.find((x) => x.properties.code === code);
  return z ? (state.lang === 'zh' ? z.properties.nameZh : z.properties.nameEn) : code;
}

function parcelPopup(p) {
  const s = t(), u = s.units, l = s.p;
  const mismatch = p.areaMismatch ? ` <span class="warn" title="${l.mismatch}">⚠</span>` : '';
  return `<div class="popup"><h4>${p.code}</h4><table>
    ${row(l.zone, zoneName(p.zone))}${row(l.address, p.address)}
    ${row(l.areaMu, `${fmt(p.areaMu)} ${u.mu}`)}${row(l.ledgerAreaMu, p.ledgerAreaMu == null ? null : `${fmt(p.ledgerAreaMu)} ${u.mu}${mismatch}`)}
    ${row(l.landUse, landUseLabel(p.landUse, p.landUseOriginal))}${row(l.status, s.status[p.status])}
    ${row(l.plotRatio, `${fmt(p.plotRatioMin, 1)} – ${fmt(p.plotRatioMax, 1)}`)}
    ${row(l.buildingCoverageMin, `${fmt(p.buildingCoverageMin, 0)}%`)}${row(l.greenRatioMax, `${fmt(p.greenRatioMax, 0)}%`)}
    ${row(l.heightLimitM, `${fmt(p.heightLimitM, 0)} ${u.m}`)}
    ${row(l.minInvestmentWanPerMu, `${fmt(p.minInvestmentWanPerMu, 0)} ${u.wanPerMu}`)}
    ${row(l.minTaxWanPerMu, `${fmt(p.minTaxWanPerMu, 0)} ${u.wanPerMuYear}`)}
    ${row(l.industryChains, (p.industryChains ?? []).join('、'))}${row(l.powerKva, `${fmt(p.powerKva, 0)} ${u.kva}`)}
    ${row(l.utilities, [p.water, p.gas, p.heat].map((b) => (b ? s.yes : s.no)).join(' / '))}${row(l.readiness, p.readiness)}
    ${row(l.priceWanPerMu, `${fmt(p.priceWanPerMu, 1)} ${u.wanPerMu}`)}${row(l.ownership, s.ownership[p.ownership])}
    ${row(l.idleSince, p.idleSince)}${row(l.idleReason, p.idleReason)}${row(l.contact, p.contact)}
  </table></div>`;
}

function factoryPopup(p) {
  const s = t(), u = s.units, l = s.p;
  return `<div class="popup"><h4>${p.code} ${p.name ?? ''}</h4><table>
    ${row(l.zone, zoneName(p.zone))}${row(l.address, p.address)}${row(l.status, s.status[p.status])}
    ${row(l.totalFloorM2, `${fmt(p.totalFloorM2, 0)} ${u.m2}`)}
    ${row(l.vacantFloorM2, `${fmt(p.vacantFloorM2, 0)} ${u.m2}（${fmt(p.vacancyRate * 100, 0)}%）`)}
    ${row(l.floors, p.floors)}${row(l.floorHeightM, `${fmt(p.floorHeightM, 1)} ${u.m}`)}
    ${row(l.floorLoadKnM2, `${fmt(p.floorLoadKnM2, 0)} ${u.kn}`)}${row(l.craneT, p.craneT ? `${fmt(p.craneT, 0)} ${u.t}` : s.no)}
    ${row(l.powerKva, `${fmt(p.powerKva, 0)} ${u.kva}`)}
    ${row(l.rentYuanM2Month, p.rentYuanM2Month == null ? null : `${fmt(p.rentYuanM2Month, 1)} ${u.rent}`)}
    ${row(l.salePriceYuanM2, p.salePriceYuanM2 == null ? null : `${fmt(p.salePriceYuanM2, 0)} ${u.sale}`)}
    ${row(l.contact, p.contact)}
  </table></div>`;
}

function geoJson(features, options) {
  return L.geoJSON({ type: 'FeatureCollection', features }, { coordsToLatLng: coordsToLatLng(L, state.config.basemap.crs), ...options });
}

async function refresh() {
  const seq = ++state.seq;
  const { parcels, factories } = filterParams();
  $('loading').hidden = false;
  $('error').hidden = true;
  try {
    const [p, f] = await Promise.all([getAllFeatures('/collections/parcels/items', parcels), getAllFeatures('/collections/factories/items', factories)]);
    if (seq !== state.seq) return; // a newer query superseded this one
    parcelLayer.clearLayers();
    factoryLayer.clearLayers();
    geoJson(p.features, {
      style: (ft) => ({ color: '#333', weight: 0.8, fillColor: STATUS_COLORS[ft.properties.status], fillOpacity: 0.7, className: `parcel status-${ft.properties.status}` }),
      onEachFeature: (ft, layer) => { layer.feature = ft; layer.bindPopup(() => parcelPopup(ft.properties), { maxWidth: 360 }); },
    }).addTo(parcelLayer);
    geoJson(f.features, {
      style: (ft) => ({ color: '#08306b', weight: 1, fillColor: vacancyColor(ft.properties.vacancyRate), fillOpacity: 0.85, className: 'factory' }),
      onEachFeature: (ft, layer) => layer.bindPopup(() => factoryPopup(ft.properties), { maxWidth: 360 }),
    }).addTo(factoryLayer);
    const mu = p.features.reduce((s, x) => s + x.properties.areaMu, 0);
    const m2 = f.features.reduce((s, x) => s + x.properties.vacantFloorM2, 0);
    $('parcel-count').textContent = fmt(p.features.length, 0);
    $('parcel-count').dataset.count = String(p.features.length);
    $('parcel-mu').textContent = fmt(mu, 1);
    $('factory-count').textContent = fmt(f.features.length, 0);
    $('factory-count').dataset.count = String(f.features.length);
    $('factory-m2').textContent = fmt(m2, 0);
    document.body.dataset.loaded = String(seq);
  } catch (e) {
    if (seq !== state.seq) return;
    $('error').textContent = `${t().errors[e.code] ?? t().errors.network}: ${e.message}`;
    $('error').hidden = false;
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
    if (!p.parent) layer.bindTooltip(state.lang === 'zh' ? p.nameZh : p.nameEn, { permanent: true, direction: 'top', className: 'zone-label' });
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

function renderStatic() {
  const s = t();
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `${s.title} · LandMap`;
  document.querySelectorAll('[data-i18n]').forEach((el) => { if (s[el.dataset.i18n] !== undefined) el.textContent = s[el.dataset.i18n]; });
  $('lang-switch').textContent = s.switchTo;
  const statuses = $('statuses');
  const checked = new Set([...statuses.querySelectorAll('input:checked')].map((i) => i.value));
  const first = statuses.children.length === 0;
  statuses.innerHTML = state.config.statuses.map((st) => `<label><input type="checkbox" name="status" value="${st}" ${first || checked.has(st) ? 'checked' : ''}>
    <span class="swatch" style="background:${STATUS_COLORS[st]}"></span>${s.status[st]}</label>`).join('');
  const landUse = $('landUse');
  const lu = landUse.value;
  landUse.length = 1;
  for (const { code, nameZh } of state.landUses.filter((l) => /^(1001|1101|0802)/.test(l.code))) landUse.add(new Option(`${code} ${nameZh}`, code));
  landUse.add(new Option(`M0 新型产业用地`, 'M0'));
  landUse.value = lu;
  $('legend').innerHTML = `<h3>${s.legendParcels}</h3>${state.config.statuses.map((st) => `<div><span class="swatch" style="background:${STATUS_COLORS[st]}"></span>${s.status[st]}</div>`).join('')}
    <h3>${s.legendFactories}</h3>${VACANCY_STEPS.map(([min, c]) => `<div><span class="swatch" style="background:${c}"></span>≥ ${min * 100}%</div>`).join('')}
    <h3>${s.zones}</h3><div><span class="swatch" style="border:2px dashed #123b63;background:none"></span>${s.zones}</div>`;
  if (layerControl) layerControl.remove();
  layerControl = L.control.layers(null, { [s.layers.zones]: zoneLayer, [s.layers.parcels]: parcelLayer, [s.layers.factories]: factoryLayer }, { collapsed: false }).addTo(map);
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

async function start() {
  state.config = await getJson('/api/config');
  state.landUses = state.config.landUses;
  if (state.config.basemap.url) {
    L.tileLayer(state.config.basemap.url, { attribution: state.config.basemap.attribution ?? '', maxZoom: 18 }).addTo(map);
  }
  state.zones = (await getJson('/collections/zones/items?limit=1000')).features;
  renderStatic();
  renderZones();
  zoomToZone();
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
    map.closePopup();
  });
  const matching = initMatching({
    L, map, t, fmt, lang: () => state.lang, zones: () => state.zones,
    coords: () => coordsToLatLng(L, state.config.basemap.crs), onResourcesChanged: refresh,
  });
  $('lang-switch').addEventListener('click', () => matching.rerender());
  await refresh();
}

start().catch((e) => { $('error').textContent = `${t().errors.network}: ${e.message}`; $('error').hidden = false; });
