// Development zone and park outlines, zone names as permanent labels, and zooming to a zone.
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import * as store from '../store.js';
import { geoJson } from '../geo.js';
import { zoneName } from '../format.js';
import { textLabel } from './text-label.js';

/**
 * A zone's name, in Leaflet's tooltip look, centred above `latLng` (a text label: layers/text-label.js) by CSS
 * (style.css, .zone-label-anchor). Not a Leaflet tooltip: a tooltip measures its size (offsetWidth) each time it is
 * placed, so a zoom moving a hundred of them forced a hundred layouts of the page, a third of a zoom's time at province
 * scale (measured in the page bench at a million parcels: setZoom 100 → 65 ms).
 */
function zoneLabel(latLng, name) {
  return textLabel(latLng, name, { pane: 'tooltipPane', iconClass: 'zone-label-anchor', spanClass: 'leaflet-tooltip leaflet-tooltip-top zone-label' });
}

export function createZoneLayer(map) {
  const group = L.layerGroup().addTo(map);
  const labels = new Map(); // zone code → the element of its name

  function show() {
    group.clearLayers();
    labels.clear();
    geoJson(store.get('zones'), {
      style: (ft) => ft.properties.parent
        ? { color: '#123b63', weight: 1, dashArray: '2 4', fill: false, interactive: false, className: 'park' }
        : { color: '#123b63', weight: 2, dashArray: '8 6', fillOpacity: 0.03, interactive: false, className: 'zone' },
      onEachFeature: (ft, layer) => {
        // The name sits above the zone's northern edge, outside the zone, where none of its resources (and so no match pin) can be.
        if (!ft.properties.parent) {
          const b = layer.getBounds();
          const label = zoneLabel([b.getNorth(), b.getCenter().lng], zoneName(ft.properties.code)).addTo(group);
          labels.set(ft.properties.code, label.options.icon.options.html);
        }
      },
    }).addTo(group);
  }

  /** Fits the map to a zone (or park) by code, or to all zones when `code` is empty. */
  function zoomTo(code) {
    const zones = store.get('zones');
    const target = code ? zones.filter((z) => z.properties.code === code) : zones.filter((z) => !z.properties.parent);
    if (!target.length) return;
    // Not animated: a zoom requested while Leaflet is still animating the previous one would be dropped.
    const bounds = geoJson(target).getBounds();
    map.fitBounds(bounds, { padding: [20, 20], animate: false });
    // A zone's name is drawn centred above it and can be wider than the zone: where names stick out of the map (Jinan's
    // at the left edge), fit again with that much more room on that side. Fitting centres the zones in what the padding
    // leaves, so a side's padding grows over a few rounds, and the map zooms out once the names need more than the slack.
    const size = map.getSize();
    const pad = { left: 20, top: 20, right: 20, bottom: 20 };
    for (let i = 0; i < 8; i++) {
      const out = labelOverflow(target.map((z) => z.properties.code));
      if (!out) break;
      for (const side of Object.keys(pad)) pad[side] += out[side];
      if (pad.left + pad.right >= size.x * 0.9 || pad.top + pad.bottom >= size.y * 0.9) break; // names wider than the map
      map.fitBounds(bounds, { paddingTopLeft: [pad.left, pad.top], paddingBottomRight: [pad.right, pad.bottom], animate: false });
    }
  }

  /** How far the names of zones `codes` stick out of the map on each side (pixels, with a margin), or null when none does. */
  function labelOverflow(codes) {
    const box = map.getContainer().getBoundingClientRect();
    if (!box.width || !box.height) return null;
    const out = { left: 0, top: 0, right: 0, bottom: 0 };
    for (const el of codes.map((c) => labels.get(c)).filter((el) => el?.isConnected)) { // not while the zones are switched off
      const r = el.getBoundingClientRect();
      out.left = Math.max(out.left, box.left - r.left);
      out.top = Math.max(out.top, box.top - r.top);
      out.right = Math.max(out.right, r.right - box.right);
      out.bottom = Math.max(out.bottom, r.bottom - box.bottom);
    }
    if (Object.values(out).every((v) => v <= 0)) return null;
    for (const side of Object.keys(out)) out[side] = out[side] > 0 ? Math.ceil(out[side]) + 4 : 0;
    return out;
  }

  store.subscribe('lang', show);
  return { group, show, zoomTo };
}
