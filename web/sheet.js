// The print sheet (招商资源资料): one A4 page per resource, for the resources named in the address
// (?items=parcel:CODE,factory:CODE — the card's 打印资料 and the shortlist's 打印清单资料), each with a map snapshot (the
// resource, its neighbours and its zone's outline, drawn as SVG so it prints sharp), its key figures with units, land-use
// indicators, infrastructure, price or rent, and contact (tel:/mailto: links, which stay links in a PDF). print.css lays
// it out for paper; the browser prints it or saves it as PDF. Each resource is asked for afresh with the reader's own
// rights, so the public's sheet holds only public fields; one not found says so on its page.
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import * as store from './store.js';
import { api, errorText } from './api.js';
import { initialLanguage, lang, setLanguage, t } from './i18n.js';
import { geoJson } from './geo.js';
import { html, setHtml } from './html.js';
import { statusName } from './format.js';
import { fetchResource } from './panels/compare.js';
import { GROUPS, factsOf, titleOf } from './panels/resource-facts.js';
import { kindOf, MAX_SHORTLIST } from './panels/shortlist.js';
import { STATUS_COLORS } from './layers/parcels.js';

const COLLECTIONS = { parcel: 'parcels', factory: 'factories' };
const $ = (id) => document.getElementById(id);

/** The resources the address names: [{ kind, code }], unknown kinds and repeats left out. */
function requested() {
  const out = [];
  for (const part of (new URLSearchParams(location.search).get('items') ?? '').split(',')) {
    const at = part.indexOf(':');
    const kind = kindOf(part.slice(0, at));
    const code = part.slice(at + 1).trim();
    if (at > 0 && kind && code && !out.some((i) => i.kind === kind && i.code === code)) out.push({ kind, code });
  }
  return out.slice(0, MAX_SHORTLIST);
}

let resources = []; // [{ kind, code, feature, neighbours }]
let maps = [];

/** The resource's neighbours in view of its snapshot (context: what else is on offer around it). */
async function neighbours(kind, feature) {
  const bounds = L.geoJSON(feature).getBounds().pad(1.5);
  const bbox = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map((v) => v.toFixed(6)).join(',');
  try {
    const page = await api(`/collections/${COLLECTIONS[kind]}/items?bbox=${bbox}&limit=200`);
    return (page?.features ?? []).filter((f) => f.properties.code !== feature.properties.code);
  } catch {
    return []; // context only: the sheet prints without it
  }
}

function page(r, i) {
  const s = t(), sh = s.sheet;
  if (!r.feature) {
    return html`<article class="sheet missing" data-testid="sheet" data-code="${r.code}"><h2>${r.code}</h2><p>${sh.gone}</p></article>`;
  }
  const p = r.feature.properties;
  const facts = factsOf(r.kind, p);
  const groups = GROUPS.map((g) => ({ g, list: facts.filter((f) => f.group === g) })).filter((x) => x.list.length);
  return html`<article class="sheet" data-testid="sheet" data-kind="${r.kind}" data-code="${r.code}">
    <header class="sheet-head">
      <div><p class="kicker">${sh.sheetTitle} · ${r.kind === 'parcel' ? sh.parcel : sh.factory}</p><h2>${titleOf(r.kind, p)}</h2></div>
      <p class="status status-${p.status}"><span class="dot" style="background:${STATUS_COLORS[p.status] ?? '#999'}"></span>${statusName(p.status)}</p>
    </header>
    <figure class="snapshot"><div class="sheet-map" id="sheet-map-${i}" data-testid="sheet-map"></div>
      <div class="sheet-locator" id="sheet-locator-${i}" data-testid="sheet-locator" aria-hidden="true"></div><figcaption>${sh.mapCaption}</figcaption></figure>
    <div class="facts">${groups.map(({ g, list }) => html`<section class="group group-${g}"><h3>${sh.groups[g]}</h3>
      <table>${list.map((f) => html`<tr data-key="${f.key}"><th>${f.label}</th><td>${f.value}</td></tr>`)}</table></section>`)}</div>
    <footer class="sheet-foot"><span>${sh.source}</span><span>${sh.printedOn(new Date().toLocaleDateString(lang() === 'zh' ? 'zh-CN' : 'en-GB'))}</span></footer>
  </article>`;
}

/** A still map in `el`: no controls, no panning or zooming (it is a picture), SVG so it prints sharp. */
function stillMap(el) {
  return L.map(el, {
    zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false, doubleClickZoom: false,
    boxZoom: false, keyboard: false, touchZoom: false, zoomSnap: 0.25, fadeAnimation: false, zoomAnimation: false, preferCanvas: false,
  });
}

/** The locator in `el`: the whole zone's outline with the resource as a dot, so the close-up has a place. */
function locator(el, r, zone) {
  const map = stillMap(el);
  const outline = geoJson([zone], { style: () => ({ color: '#123b63', weight: 1, fillColor: '#dbe4ee', fillOpacity: 0.6 }), interactive: false }).addTo(map);
  map.fitBounds(outline.getBounds(), { padding: [6, 6], animate: false }); // first: a marker needs the view to be placed
  const at = geoJson([r.feature]).getBounds().getCenter();
  L.circleMarker(at, { radius: 4, color: '#fff', weight: 1.5, fillColor: '#d7301f', fillOpacity: 1, interactive: false }).addTo(map);
  return map;
}

/** The snapshot of resource r in element `el`: no basemap needed; the zone's outline, the neighbours, the resource. */
function snapshot(el, r) {
  const map = stillMap(el);
  const zone = (store.get('zones') ?? []).find((z) => z.properties.code === r.feature.properties.zone);
  if (zone) geoJson([zone], { style: () => ({ color: '#123b63', weight: 1.5, dashArray: '6 4', fill: false }), interactive: false }).addTo(map);
  geoJson(r.neighbours, { style: () => ({ color: '#8a96a3', weight: 0.8, fillColor: '#c9d2db', fillOpacity: 0.5 }), interactive: false }).addTo(map);
  const shape = geoJson([r.feature], {
    style: (f) => ({ color: '#d7301f', weight: 3, fillColor: STATUS_COLORS[f.properties.status] ?? '#d7301f', fillOpacity: 0.45 }),
    interactive: false,
  }).addTo(map);
  map.fitBounds(shape.getBounds(), { padding: [60, 60], maxZoom: 16, animate: false });
  L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);
  const inset = el.parentElement.querySelector('.sheet-locator');
  if (zone) return [map, locator(inset, r, zone)];
  inset.remove();
  return [map];
}

function render() {
  const s = t();
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  document.title = `${s.sheet.sheetTitle} · LandMap`;
  $('back').textContent = s.sheet.back;
  $('print').textContent = s.sheet.printButton;
  $('lang-switch').textContent = s.switchTo;
  $('lang-switch').lang = lang() === 'zh' ? 'en' : 'zh-CN'; // it names the other language in that language
  for (const m of maps) m.remove();
  maps = [];
  if (resources.length === 0) {
    setHtml($('sheets'), html`<p class="empty" data-testid="sheet-empty">${s.sheet.noItems}</p>`);
    return;
  }
  setHtml($('sheets'), resources.map(page));
  resources.forEach((r, i) => { if (r.feature) maps.push(...snapshot($(`sheet-map-${i}`), r)); });
}

async function start() {
  const forced = new URLSearchParams(location.search).get('lang');
  store.set('lang', forced === 'en' || forced === 'zh' ? forced : initialLanguage());
  const wanted = requested();
  const [config, zones, features] = await Promise.all([
    api('/api/config'), api('/collections/zones/items?limit=1000'),
    Promise.all(wanted.map((i) => fetchResource(i.kind, i.code))),
  ]);
  store.set('landUses', config.landUses);
  store.set('config', config);
  store.set('zones', zones.features);
  const around = await Promise.all(wanted.map((i, n) => (features[n] ? neighbours(i.kind, features[n]) : [])));
  resources = wanted.map((i, n) => ({ ...i, feature: features[n], neighbours: around[n] }));
  render();
  document.body.dataset.ready = 'true'; // for tests and print scripts: every page and snapshot is drawn
}

$('print').addEventListener('click', () => window.print());
$('lang-switch').addEventListener('click', () => setLanguage(lang() === 'zh' ? 'en' : 'zh'));
store.subscribe('lang', () => { if (store.get('config')) render(); });
// Leaflet measures its container: after the switch to paper size, the snapshots are fitted again.
window.addEventListener('beforeprint', () => maps.forEach((m) => m.invalidateSize({ pan: false })));

start().catch((e) => {
  setHtml($('sheets'), html`<p class="error" role="alert">${errorText(e)}</p>`);
  document.body.dataset.failed = 'true';
});
