// What the parcels and factories layers share: a layer group redrawn from a list of features, each shape with its
// popup and handed to `onFeature` (e.g. for the editor's selection).
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { geoJson } from '../geo.js';

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
