// Development zone and park outlines, zone names as permanent labels, and zooming to a zone.
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import * as store from '../store.js';
import { geoJson } from '../geo.js';
import { zoneName } from '../format.js';
import { esc } from '../html.js';

export function createZoneLayer(map) {
  const group = L.layerGroup().addTo(map);

  function show() {
    group.clearLayers();
    geoJson(store.get('zones'), {
      style: (ft) => ft.properties.parent
        ? { color: '#123b63', weight: 1, dashArray: '2 4', fill: false, interactive: false, className: 'park' }
        : { color: '#123b63', weight: 2, dashArray: '8 6', fillOpacity: 0.03, interactive: false, className: 'zone' },
      onEachFeature: (ft, layer) => {
        // Leaflet puts a string tooltip in as HTML: the zone name is text. The name sits above the zone's northern edge,
        // outside the zone, where none of its resources (and so no match pin) can be.
        if (!ft.properties.parent) {
          const b = layer.getBounds();
          L.tooltip({ permanent: true, direction: 'top', className: 'zone-label', offset: [0, -2] })
            .setLatLng([b.getNorth(), b.getCenter().lng]).setContent(esc(zoneName(ft.properties.code))).addTo(group);
        }
      },
    }).addTo(group);
  }

  /** Fits the map to a zone (or park) by code, or to all zones when `code` is empty. */
  function zoomTo(code) {
    const zones = store.get('zones');
    const target = code ? zones.filter((z) => z.properties.code === code) : zones.filter((z) => !z.properties.parent);
    // Not animated: a zoom requested while Leaflet is still animating the previous one would be dropped.
    if (target.length) map.fitBounds(geoJson(target).getBounds(), { padding: [20, 20], animate: false });
  }

  store.subscribe('lang', show);
  return { group, show, zoomTo };
}
