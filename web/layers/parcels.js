// The parcels layer: idle land coloured by status, each parcel with its popup.
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { geoJson } from '../geo.js';

export const STATUS_COLORS = { idle: '#d7301f', negotiating: '#fc8d59', reserved: '#8c6bb1', allocated: '#41ab5d', in_use: '#969696', retired: '#525252' };

function style(feature) {
  const status = feature.properties.status;
  return { color: '#333', weight: 0.8, fillColor: STATUS_COLORS[status], fillOpacity: 0.7, className: `parcel status-${status}` };
}

/** `popups`: layers/popups.js; `onFeature(feature, layer)` is called for each parcel drawn (e.g. by the editor). */
export function createParcelLayer(map, { popups, onFeature = () => {} }) {
  const group = L.layerGroup().addTo(map);
  return {
    group,
    show(features) {
      group.clearLayers();
      geoJson(features, {
        style,
        onEachFeature: (ft, layer) => { popups.bind('parcel', ft, layer); onFeature(ft, layer); },
      }).addTo(group);
    },
    clear: () => group.clearLayers(),
  };
}
