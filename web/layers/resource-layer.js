// What the parcels and factories layers share: a layer group redrawn from a list of features, each shape with its
// popup and handed to `onFeature` (e.g. for the editor's selection).
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { geoJson } from '../geo.js';

/** From this zoom on (about 1:35 000) outlines are drawn in detail, e.g. stale records dashed. */
const DETAIL_ZOOM = 13;

/**
 * Class names a shape carries besides its kind: its code (for tests and styles) and `stale` (staff see records not
 * verified within the set period): style.css draws those dashed once the map is zoomed in far enough to see outlines
 * (the map's `detail` class); at zone scale a parcel is a few pixels and an outline would hide its status colour.
 */
export function resourceClasses(properties) {
  const code = /^[\w-]+$/.test(properties.code ?? '') ? `code-${properties.code}` : '';
  return `${code}${properties.stale ? ' stale' : ''}`;
}

/** `kind`: 'parcel' | 'factory'; `style(feature)`: Leaflet path options; `popups`: layers/popups.js. */
export function createResourceLayer(map, { kind, style, popups, onFeature = () => {} }) {
  const group = L.layerGroup().addTo(map);
  const detail = () => map.getContainer().classList.toggle('detail', map.getZoom() >= DETAIL_ZOOM);
  map.on('zoomend', detail);
  detail();
  return {
    group,
    /** `renderer`: e.g. a shared L.canvas() when there are thousands of shapes (default: SVG, one element each). */
    show(features, { renderer } = {}) {
      group.clearLayers();
      geoJson(features, {
        style,
        ...(renderer ? { renderer } : {}),
        onEachFeature: (ft, layer) => { popups.bind(kind, ft, layer); onFeature(ft, layer); },
      }).addTo(group);
    },
    clear: () => group.clearLayers(),
    /** The drawn shape of resource `code`; undefined when the filters leave it out. */
    find(code) {
      let found;
      group.eachLayer((g) => g.eachLayer?.((l) => { if (l.feature?.properties.code === code) found = l; }));
      return found;
    },
  };
}
