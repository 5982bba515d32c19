// What the parcels and factories layers share: a layer group redrawn from a list of features, each shape with its
// popup and handed to `onFeature` (e.g. for the editor's selection).
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { geoJson } from '../geo.js';

/** Records not verified within the set period (staff see `stale`): a thick dashed outline, whatever their fill. */
export const STALE_OUTLINE = { color: '#b45309', weight: 2.5, dashArray: '5 4' };

export function staleOutline(properties) {
  return properties.stale ? STALE_OUTLINE : {};
}

/** Class names a shape carries besides its kind: its code (for tests and styles) and whether it is stale. */
export function resourceClasses(properties) {
  const code = /^[\w-]+$/.test(properties.code ?? '') ? `code-${properties.code}` : '';
  return `${code}${properties.stale ? ' stale' : ''}`;
}

/** `kind`: 'parcel' | 'factory'; `style(feature)`: Leaflet path options; `popups`: layers/popups.js. */
export function createResourceLayer(map, { kind, style, popups, onFeature = () => {} }) {
  const group = L.layerGroup().addTo(map);
  return {
    group,
    show(features) {
      group.clearLayers();
      geoJson(features, {
        style,
        onEachFeature: (ft, layer) => { popups.bind(kind, ft, layer); onFeature(ft, layer); },
      }).addTo(group);
    },
    clear: () => group.clearLayers(),
  };
}
