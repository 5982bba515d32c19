// A resource asked for by name (e.g. a project's reserved parcel in the register): zoomed to, its card opened. One the
// map shows is taken from its layer; one the filters leave out is fetched and drawn on its own, outlined, until the next.
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { api } from '../api.js';
import { geoJson } from '../geo.js';

const COLLECTIONS = { parcel: 'parcels', factory: 'factories' };

/** `layers`: { parcel, factory } resource layers (their `find(code)`); `popups`: layers/popups.js. */
export function createFocusLayer(map, { layers, popups }) {
  const group = L.layerGroup().addTo(map);

  /** `zoom`: fit the map to it (false: open its card where the map is, e.g. a shared link's own view). */
  async function show(kind, code, { zoom = true } = {}) {
    group.clearLayers();
    let shape = layers[kind].find(code);
    if (!shape) {
      const feature = await api(`/collections/${COLLECTIONS[kind]}/items/${encodeURIComponent(code)}`);
      geoJson([feature], {
        style: () => ({ color: '#ffb000', weight: 3, dashArray: '6 4', fillOpacity: 0.2, className: 'focus' }),
        onEachFeature: (ft, l) => { popups.bind(kind, ft, l); shape = l; }, // bind sets l.feature
      }).addTo(group);
    }
    // Not animated: a zoom requested while Leaflet is still animating the previous one would be dropped.
    if (zoom) map.fitBounds(shape.getBounds(), { maxZoom: 17, animate: false, padding: [40, 40] });
    // Where the map is asked to stay (a shared link's own view), the card opens without moving it.
    popups.open(kind, shape.feature, shape.getBounds().getCenter(), { autoPan: zoom });
  }

  return { show, clear: () => group.clearLayers() };
}
