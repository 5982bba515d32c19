// An import's dry-run preview: each row's outline, green when it passes, orange when flagged, red when rejected. Shown
// only while the import tab is open.
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import * as store from '../store.js';
import { geoJson } from '../geo.js';
import { fmt } from '../format.js';
import { t } from '../i18n.js';
import { html } from '../html.js';

const STATE_COLORS = { ok: '#1a9850', flagged: '#f08c00', rejected: '#d7301f' };

export function createImportPreviewLayer(map) {
  const group = L.layerGroup();
  const shapes = new Map(); // row number → its preview shape
  let shown = null; // [preview, stateOf]: drawn again on another basemap datum

  function clear() {
    group.clearLayers();
    shapes.clear();
    shown = null;
  }

  /** Draws `preview` (a FeatureCollection of rows) with `stateOf(feature)` → ok | flagged | rejected. */
  function show(preview, stateOf, { fit }) {
    clear();
    shown = [preview, stateOf];
    const s = t();
    geoJson(preview, {
      style: (ft) => {
        const state = stateOf(ft);
        return { color: STATE_COLORS[state], weight: 2, fillColor: STATE_COLORS[state], fillOpacity: 0.35, className: `import-preview import-${state}` };
      },
      onEachFeature: (ft, l) => {
        const p = ft.properties;
        shapes.set(p.row, l);
        l.bindTooltip(String(html`${s.impRow(p.row)} · ${p.code} · ${fmt(p.areaMu)} ${s.units.mu} · ${s.impStates[stateOf(ft)]}`));
      },
    }).addTo(group);
    if (fit && shapes.size) map.fitBounds(L.featureGroup([...shapes.values()]).getBounds(), { padding: [30, 30], maxZoom: 17, animate: false });
  }

  function focus(row) {
    const shape = shapes.get(row);
    if (!shape) return;
    map.fitBounds(shape.getBounds(), { maxZoom: 18, padding: [60, 60], animate: false });
    shape.openTooltip();
  }

  // A basemap on another datum (CGCS2000 ↔ GCJ-02) moves every shape: the preview is drawn again where it now lies.
  store.subscribe('datum', () => { if (shown) show(...shown, { fit: false }); });

  return {
    group, show, clear, focus,
    has: (row) => shapes.has(row),
    get size() { return shapes.size; },
    setShown: (visible) => (visible ? group.addTo(map) : group.remove()),
  };
}
