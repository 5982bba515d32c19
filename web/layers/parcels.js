// The parcels layer: idle land coloured by status, each parcel with its popup. Status is told twice, by the fill colour
// and by the outline's dash (STATUS_DASH), so it reads without colour vision and in black-and-white print; dashes are
// drawn by Leaflet's SVG and canvas renderers alike, and by the overview's tiles (layers/overview.js).
import { createResourceLayer, resourceClasses } from './resource-layer.js';

export const STATUS_COLORS = { idle: '#d7301f', negotiating: '#fc8d59', reserved: '#8c6bb1', allocated: '#41ab5d', in_use: '#969696', retired: '#525252' };

/**
 * The outline of each status (a dash array in pixels; null: solid): what is on offer (idle, negotiating) solid or long
 * dashes, what is taken short dots, so "available" is also told apart by the outline alone.
 */
export const STATUS_DASH = { idle: null, negotiating: '7 3', reserved: '2 3', allocated: '6 2 1 2', in_use: '1 4', retired: '3 3' };

/** The statuses of resources on offer: what the map shows by default (仅看可用), for the public and for staff. */
export const AVAILABLE_STATUSES = ['idle', 'negotiating'];

/** The outline options for a status (weight, dash), shared by parcels and factories. */
export function statusOutline(status) {
  const dashArray = STATUS_DASH[status] ?? null;
  return { weight: dashArray ? 1.6 : 1, dashArray };
}

function style(feature) {
  const p = feature.properties;
  return { color: '#333', ...statusOutline(p.status), fillColor: STATUS_COLORS[p.status], fillOpacity: 0.7, className: `parcel status-${p.status} ${resourceClasses(p)}` };
}

/** `popups`: layers/popups.js; `onFeature(feature, layer)` is called for each parcel drawn. */
export function createParcelLayer(map, { popups, onFeature }) {
  return createResourceLayer(map, { kind: 'parcel', style, popups, onFeature });
}
