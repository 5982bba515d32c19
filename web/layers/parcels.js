// The parcels layer: idle land coloured by status, each parcel with its popup.
import { createResourceLayer, resourceClasses } from './resource-layer.js';

export const STATUS_COLORS = { idle: '#d7301f', negotiating: '#fc8d59', reserved: '#8c6bb1', allocated: '#41ab5d', in_use: '#969696', retired: '#525252' };

function style(feature) {
  const p = feature.properties;
  return { color: '#333', weight: 0.8, fillColor: STATUS_COLORS[p.status], fillOpacity: 0.7, className: `parcel status-${p.status} ${resourceClasses(p)}` };
}

/** `popups`: layers/popups.js; `onFeature(feature, layer)` is called for each parcel drawn. */
export function createParcelLayer(map, { popups, onFeature }) {
  return createResourceLayer(map, { kind: 'parcel', style, popups, onFeature });
}
