// The factories layer: vacant factory buildings coloured by vacancy rate, each with its popup; their status is told by
// the outline's dash, as the parcels' (layers/parcels.js).
import { createResourceLayer, resourceClasses } from './resource-layer.js';
import { statusOutline } from './parcels.js';

/** Vacancy rate classes, highest first: [minimum rate, colour]. */
export const VACANCY_STEPS = [[0.75, '#08519c'], [0.5, '#3182bd'], [0.25, '#6baed6'], [0, '#c6dbef']];

function vacancyColor(rate) {
  return VACANCY_STEPS.find(([min]) => rate >= min)?.[1] ?? VACANCY_STEPS.at(-1)[1];
}

function style(feature) {
  const p = feature.properties;
  return { color: '#08306b', ...statusOutline(p.status), fillColor: vacancyColor(p.vacancyRate), fillOpacity: 0.85, className: `factory status-${p.status} ${resourceClasses(p)}` };
}

/** `popups`: layers/popups.js; `onFeature(feature, layer)` is called for each factory drawn. */
export function createFactoryLayer(map, { popups, onFeature }) {
  return createResourceLayer(map, { kind: 'factory', style, popups, onFeature });
}
