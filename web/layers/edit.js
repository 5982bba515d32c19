// The editor's drawing layer, with Leaflet-Geoman (npm, served at /vendor/geoman): drawing a new outline or a split
// line, reshaping a copy of the selected record's outline, snapping to the neighbouring parcels and factories on the map.
// Geoman is loaded on first use, so the public and staff never load it. Its build is a script that extends a global `L`,
// while the page imports Leaflet as an ES module: it is given a global copy of the module's exports (the classes are the
// same objects, so its init hooks reach every layer the page makes afterwards).
// Also the selection outlines (what the editor picked) and a past outline from the history.
import * as Leaflet from '/vendor/leaflet/leaflet-src.esm.js';
import { geoJson, toLonLat } from '../geo.js';
import { lang } from '../i18n.js';
import * as store from '../store.js';

const DRAW_OPTIONS = {
  snappable: true, snapDistance: 15, allowSelfIntersection: false, requireSnapToFinish: false,
  templineStyle: { color: '#ff7800', weight: 2 }, hintlineStyle: { color: '#ff7800', dashArray: '5 5' },
  pathOptions: { color: '#ff7800', weight: 3, fillOpacity: 0.15, className: 'edit-drawn' },
};

let loading = null;

function loadStyles() {
  if (document.querySelector('link[data-geoman]')) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = '/vendor/geoman/leaflet-geoman.css';
  link.dataset.geoman = '';
  document.head.append(link);
}

/** Loads Leaflet-Geoman once and gives `map` its `pm` (the map was made before Geoman's init hook existed). */
function loadGeoman(map) {
  loading ??= (async () => {
    loadStyles();
    window.L ??= { ...Leaflet };
    await import('/vendor/geoman/leaflet-geoman.min.js');
  })();
  return loading.then(() => {
    if (!map.pm) map.pm = new window.L.PM.Map(map);
    map.pm.setGlobalOptions(DRAW_OPTIONS);
    map.pm.setLang(lang() === 'zh' ? 'zh' : 'en'); // its hints beside the cursor
    return map.pm;
  });
}

/** GeoJSON geometry (lon/lat, CGCS2000) of a drawn or reshaped Leaflet polygon or line. */
export function geometryOf(layer) {
  const ring = (latlngs) => {
    const points = latlngs.map(toLonLat);
    return [...points, points[0]];
  };
  if (layer instanceof Leaflet.Polygon) {
    const rings = layer.getLatLngs();
    // A polygon's rings, or a multipolygon's polygons of rings (Leaflet nests one level deeper for those).
    if (Array.isArray(rings[0][0])) return { type: 'MultiPolygon', coordinates: rings.map((poly) => poly.map(ring)) };
    return { type: 'Polygon', coordinates: rings.map(ring) };
  }
  return { type: 'LineString', coordinates: layer.getLatLngs().map(toLonLat) };
}

export function createEditLayer(map) {
  // Selection and past outlines above the parcels (which are drawn again after every change), letting clicks through.
  const pane = map.createPane('editOutlines');
  pane.style.zIndex = 450;
  pane.style.pointerEvents = 'none';
  const selection = Leaflet.layerGroup().addTo(map);
  const past = Leaflet.layerGroup().addTo(map);
  const work = Leaflet.layerGroup().addTo(map);
  let cancelDraw = null;
  let selected = []; // the outlined records and the past outline, drawn again on another basemap datum
  let pastShown = null;

  /** Outlines the selected records (one or, when merging, several). */
  function select(features) {
    selected = features;
    selection.clearLayers();
    if (!features.length) return;
    geoJson(features, {
      pane: 'editOutlines', interactive: false, snapIgnore: true, pmIgnore: true,
      style: { color: '#00a6d6', weight: 4, fill: false, className: 'edit-selected' },
    }).addTo(selection);
  }

  /** A past outline from the history (dashed) beside the current one; null clears it. */
  function showPast(geometry, { fit = true } = {}) {
    pastShown = geometry;
    past.clearLayers();
    if (!geometry) return;
    const shape = geoJson({ type: 'Feature', geometry, properties: {} }, {
      pane: 'editOutlines', interactive: false, snapIgnore: true, pmIgnore: true,
      style: { color: '#6a1b9a', weight: 3, dashArray: '6 5', fillColor: '#6a1b9a', fillOpacity: 0.08, className: 'history-outline' },
    }).addTo(past);
    if (fit) map.fitBounds(shape.getBounds(), { padding: [40, 40], maxZoom: 18, animate: false });
  }

  /**
   * Lets the user draw a 'Polygon' or a 'Line' (snapping to the neighbours); resolves with the drawn layer, or null when
   * the drawing was cancelled (Escape, or another tool).
   */
  async function draw(shape) {
    const pm = await loadGeoman(map);
    stop();
    return new Promise((resolve) => {
      const onCreate = (e) => {
        finish();
        work.clearLayers();
        e.layer.remove();
        work.addLayer(e.layer);
        resolve(e.layer);
      };
      const finish = () => {
        map.off('pm:create', onCreate);
        map.off('pm:drawend', onEnd);
        delete map.getContainer().dataset.drawing;
        cancelDraw = null;
      };
      // Esc or another tool ends the drawing without a shape.
      const onEnd = () => setTimeout(() => { if (cancelDraw) { finish(); resolve(null); } }, 0);
      cancelDraw = () => { finish(); pm.disableDraw(); resolve(null); };
      map.on('pm:create', onCreate);
      map.on('pm:drawend', onEnd);
      // A line ends with a second click on its last point, a polygon with a click on its first.
      pm.enableDraw(shape, DRAW_OPTIONS);
      map.getContainer().dataset.drawing = shape; // for the page's styles and the browser tests
    });
  }

  /** An editable copy of `feature`'s outline (the drawn parcel stays as it is until saved); returns the copy. */
  async function reshape(feature) {
    await loadGeoman(map);
    stop();
    const copy = geoJson({ type: 'Feature', geometry: feature.geometry, properties: {} }, {
      style: { color: '#ff7800', weight: 3, fillOpacity: 0.1, className: 'edit-reshape' },
    }).getLayers()[0];
    work.addLayer(copy);
    copy.pm.enable({ snappable: true, snapDistance: 15, allowSelfIntersection: false });
    return copy;
  }

  /** Ends any drawing or reshaping and removes what it left. */
  function stop() {
    cancelDraw?.();
    work.eachLayer((l) => l.pm?.disable());
    work.clearLayers();
  }

  function clear() {
    stop();
    select([]);
    showPast(null);
  }

  store.subscribe('lang', () => map.pm?.setLang(lang() === 'zh' ? 'zh' : 'en'));
  // Esc cancels a drawing (the hints say so), whatever has the focus.
  document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape' && cancelDraw) cancelDraw(); });
  // A basemap on another datum (CGCS2000 ↔ GCJ-02) moves every shape: the outlines are drawn again where they now lie,
  // and a drawing or reshaping in progress is cancelled (its vertices were placed on the other datum).
  store.subscribe('datum', () => {
    stop();
    select(selected);
    showPast(pastShown, { fit: false });
  });

  return { select, showPast, draw, reshape, stop, clear };
}
