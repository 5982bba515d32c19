// Basemaps. The default is offline: land and sea, the coastline, county, prefecture and province boundaries and their
// names around Shandong (data/basemap/shandong.geojson, served by our own API at /api/basemap/offline: no other network
// is needed). By configuration (/api/config `basemaps`) the page also offers Tianditu vector and imagery (CGCS2000, as our
// data: no shift) and Gaode vector and imagery (GCJ-02: geo.js shifts every shape we draw onto them). A switcher picks
// one (remembered in localStorage); a scale bar and a north-up mini map (leaflet-minimap, npm) give the context.
//
// On a GCJ-02 basemap the overview's vector tiles, which PostGIS cuts in Web Mercator from the stored coordinates, are
// moved as a whole: their pane is translated by the GCJ-02 offset at the view's centre. The offset changes by a few metres
// across a city (well under a pixel at the zooms the overview is drawn at), so one translation places every tile.
import * as Leaflet from '/vendor/leaflet/leaflet-src.esm.js';
import * as store from '../store.js';
import { api } from '../api.js';
import { lang, t } from '../i18n.js';
import { toGcj02, toLonLat } from '../geo.js';
import { textLabel } from './text-label.js';

const L = Leaflet;
const STORAGE_KEY = 'landmap.basemap';
const NONE = 'none'; // no basemap: zones and resources on a plain background

// Which labels are shown from which zoom on (below `max` too): provinces and seas at small scales, counties close up.
const LABEL_ZOOMS = { province: [0, 8.5], sea: [0, 10], prefecture: [7, 11.5], county: [9, 99] };
// County boundaries from the zoom their names show at: farther out they are a mesh behind the zones, and projecting their
// 16 000 points again was a third of a zoom's own work at province scale (page bench, 1M parcels: setZoom 50 → 33 ms).
const COUNTY_ZOOM = LABEL_ZOOMS.county[0];

const STYLE = {
  land: { stroke: true, color: '#7fa6c4', weight: 1, fillColor: '#f4f1e8', fillOpacity: 1, interactive: false },
  county: { color: '#a89f8c', weight: 0.8, dashArray: '3 3', interactive: false },
  prefecture: { color: '#8a8172', weight: 1.4, interactive: false },
  province: { color: '#6d6557', weight: 2, dashArray: '10 4 2 4', interactive: false },
};
const styleOf = (f) => (f.properties.layer === 'land' ? STYLE.land : STYLE[f.properties.level]);

let minimapScript = null;
/** leaflet-minimap's build is a classic script that extends the global L (Leaflet is an ES module here). */
function loadMinimap() {
  minimapScript ??= new Promise((resolve, reject) => {
    window.L ??= { ...Leaflet };
    const script = document.createElement('script');
    script.src = '/vendor/minimap/Control.MiniMap.min.js';
    script.onload = () => resolve(window.L.Control.MiniMap);
    script.onerror = () => { minimapScript = null; reject(new Error('leaflet-minimap could not be loaded')); };
    document.head.append(script);
  });
  return minimapScript;
}

/** The offline basemap's boundaries of `levels` (and its land, unless `land` is false) as shapes, drawn on canvas by `renderer`. */
function offlineShapes(data, { renderer, levels, land = true }) {
  return L.geoJSON(data, {
    filter: (f) => (land && f.properties.layer === 'land') || (f.properties.layer === 'boundary' && levels.includes(f.properties.level)),
    style: styleOf,
    renderer,
    interactive: false,
  });
}

/** One label: a text label (layers/text-label.js) of the name in the page's language. */
function labelMarker(f, language) {
  const [lon, lat] = f.geometry.coordinates;
  return textLabel([lat, lon], language === 'en' ? f.properties.nameEn : f.properties.name,
    { pane: 'basemapLabels', iconClass: `bm-label bm-${f.properties.level}` });
}

/**
 * `onDatumChange(datum)`: the basemap's datum changed (cgcs2000 ↔ gcj02), so everything drawn must be drawn again.
 * show(config) draws the configured (or remembered) basemap; the switcher lists config.basemaps and "none".
 */
export function createBasemaps(map, { onDatumChange = () => {} } = {}) {
  map.createPane('basemap').style.zIndex = 150; // below tiles (200) and the overview (350)
  const labelPane = map.createPane('basemapLabels');
  labelPane.style.zIndex = 260;
  labelPane.style.pointerEvents = 'none';
  // Leaflet's default margin around the view: a canvas drawn half a view wider on each side (padding 0.5) is four times
  // the view, and Chromium keeps four buffers of it (12 MB each at 1366×768 in the page bench: 48 MB, and again in the GPU
  // process), for edges seen only while a drag lasts: moveend draws the new view.
  const renderer = L.canvas({ pane: 'basemap', padding: 0.1 });
  const overviewPane = () => map.getPane('overview');

  let offered = [];
  let current = null; // the chosen entry's id
  let layer = null; // the chosen basemap's Leaflet layer
  let counties = null; // the offline basemap's county boundaries (on the map from COUNTY_ZOOM)
  let data = null; // the offline GeoJSON, once loaded
  let loading = null;
  let labels = null;
  let switcher = null;
  let minimap = null;

  function loadOffline() {
    loading ??= api(offered.find((b) => b.id === 'offline')?.url ?? '/api/basemap/offline').then((d) => { data = d; return d; });
    return loading;
  }

  function labelsLayer() {
    const language = lang();
    const groups = {};
    for (const f of data.features.filter((x) => x.properties.layer === 'label')) {
      (groups[f.properties.level] ??= L.layerGroup()).addLayer(labelMarker(f, language));
    }
    return groups;
  }

  /** The county boundaries on the map from COUNTY_ZOOM, drawn under the prefecture and province boundaries (as in the data). */
  function showCounties() {
    if (!counties) return;
    const shown = map.hasLayer(counties);
    if (map.getZoom() < COUNTY_ZOOM) { if (shown) counties.remove(); return; }
    if (shown) return;
    counties.addTo(map);
    layer?.eachLayer?.((l) => { if (l.feature?.properties.layer === 'boundary') l.bringToFront(); });
  }

  function showLabels() {
    showCounties();
    if (!labels) return;
    const z = map.getZoom();
    for (const [level, group] of Object.entries(labels)) {
      const [min, max] = LABEL_ZOOMS[level] ?? [0, 99];
      if (z >= min && z < max) group.addTo(map); else group.remove();
    }
  }

  function removeLabels() {
    if (labels) Object.values(labels).forEach((g) => g.remove());
    labels = null;
  }

  /** The layer of a tiled basemap: its map and label tiles together. */
  function tileLayer(entry) {
    return L.layerGroup(entry.tiles.map((s) => L.tileLayer(s.url, { subdomains: s.subdomains, maxZoom: entry.maxZoom, maxNativeZoom: entry.maxZoom, attribution: entry.attribution })));
  }

  /** The GCJ-02 offset at the view's centre in pixels at zoom `z`, applied to the overview's pane (zero otherwise). */
  function placeOverview(z = map.getZoom(), centre = map.getCenter()) {
    const pane = overviewPane();
    if (!pane) return;
    if (datum() !== 'gcj02') { pane.style.transform = ''; return; }
    const [lon, lat] = toLonLat(centre);
    const [gLon, gLat] = toGcj02(lon, lat);
    const d = map.project(L.latLng(gLat, gLon), z).subtract(map.project(L.latLng(lat, lon), z));
    pane.style.transform = `translate3d(${d.x.toFixed(2)}px, ${d.y.toFixed(2)}px, 0)`;
  }

  function datum() {
    return offered.find((b) => b.id === current)?.crs ?? 'cgcs2000';
  }

  let choice = 0; // the newest choose(): an older one whose load ends late draws nothing
  async function choose(id, { remember = true } = {}) {
    const mine = ++choice;
    if (id !== NONE && !offered.some((b) => b.id === id)) id = 'offline';
    const before = datum();
    current = id;
    if (remember) localStorage.setItem(STORAGE_KEY, id);
    if (layer) layer.remove();
    layer = null;
    counties?.remove();
    counties = null;
    removeLabels();
    map.getContainer().classList.toggle('bm-offline', id === 'offline');
    document.body.dataset.basemap = id;
    if (switcher) switcher.value = id;
    const entry = offered.find((b) => b.id === id);
    if (entry?.kind === 'tiles') layer = tileLayer(entry).addTo(map);
    store.set('datum', datum());
    placeOverview();
    if (remember && datum() !== before) onDatumChange(datum()); // at start nothing is drawn yet
    if (id === 'offline') {
      try {
        await loadOffline();
      } catch (e) {
        document.body.dataset.basemapFailed = 'offline';
        return;
      }
      if (mine !== choice) return; // chosen again while loading (offline, another, and offline again: the last draws)
      layer = offlineShapes(data, { renderer, levels: ['prefecture', 'province'] }).addTo(map);
      counties = offlineShapes(data, { renderer, levels: ['county'], land: false });
      labels = labelsLayer();
      showLabels();
      document.body.dataset.basemapDrawn = 'offline';
      performance.mark('landmap:basemap');
    }
  }

  /** The switcher: a labelled select in the map's top right corner (keyboard operable, as any select). */
  function addSwitcher() {
    const Control = L.Control.extend({
      onAdd() {
        const box = L.DomUtil.create('div', 'leaflet-bar bm-switcher');
        const label = L.DomUtil.create('label', '', box);
        label.htmlFor = 'basemap-select';
        const select = L.DomUtil.create('select', '', box);
        select.id = 'basemap-select';
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        select.addEventListener('change', () => choose(select.value));
        switcher = select;
        renderSwitcher();
        return box;
      },
    });
    new Control({ position: 'topright' }).addTo(map);
  }

  function renderSwitcher() {
    if (!switcher) return;
    const s = t().basemap;
    switcher.previousElementSibling.textContent = s.label;
    switcher.replaceChildren(...[...offered.map((b) => b.id), NONE].map((id) => {
      const option = document.createElement('option');
      option.value = id;
      option.textContent = s.names[id] ?? id;
      return option;
    }));
    switcher.value = current ?? 'offline';
  }

  /** The mini map: the offline land and the province and prefecture boundaries, north up, five zoom levels out. */
  async function addMinimap() {
    try {
      const [MiniMap] = await Promise.all([loadMinimap(), loadOffline()]);
      const small = window.matchMedia('(max-width: 700px)').matches;
      const shapes = offlineShapes(data, { renderer: L.canvas({ padding: 0.2 }), levels: ['prefecture', 'province'] });
      const s = t().basemap;
      minimap = new MiniMap(shapes, {
        position: 'bottomright', width: small ? 96 : 150, height: small ? 96 : 150, zoomLevelOffset: -5, toggleDisplay: true,
        minimized: small, aimingRectOptions: { color: '#c0392b', weight: 2, interactive: false },
        strings: { hideText: s.minimapHide, showText: s.minimapShow },
        // A picture of where the view is: the keyboard moves the main map. Its zoom snaps as the main map's does: with
        // whole steps it sent a rounded zoom back to the main map after a fit (6.5 became 7 and cut the zone names off).
        mapOptions: { keyboard: false, zoomSnap: map.options.zoomSnap },
      }).addTo(map);
      minimap.getContainer().classList.add('bm-minimap');
      minimap.getContainer().title = s.minimap;
      document.body.dataset.minimap = 'shown';
    } catch {
      document.body.dataset.minimap = 'failed'; // context only: the map works without it
    }
  }

  let scale = null;
  function addScale() {
    scale = L.control.scale({ position: 'bottomleft', metric: true, imperial: false, maxWidth: 140 }).addTo(map);
    scale.getContainer().classList.add('bm-scale');
  }

  /** Draws the basemaps the configuration offers: the remembered one if still offered, else the configured default. */
  async function show(config) {
    offered = config.basemaps ?? [{ id: 'offline', kind: 'offline', crs: 'cgcs2000', url: '/api/basemap/offline', tiles: [] }];
    if (!switcher) { addSwitcher(); addScale(); addMinimap(); }
    renderSwitcher();
    const saved = localStorage.getItem(STORAGE_KEY);
    const id = saved && (saved === NONE || offered.some((b) => b.id === saved)) ? saved : config.basemap?.id ?? 'offline';
    if (id !== current) await choose(id, { remember: false });
  }

  map.on('zoomend', showLabels);
  map.on('zoomanim', (e) => placeOverview(e.zoom, e.center));
  map.on('moveend zoomend viewreset', () => placeOverview());
  store.subscribe('lang', () => {
    renderSwitcher();
    if (labels) { removeLabels(); labels = labelsLayer(); showLabels(); }
  });

  return { show, choose, get current() { return current; }, get datum() { return datum(); } };
}
