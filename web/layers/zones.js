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
  // zone code → its name: the element, the point it hangs from, the zone's box area (the larger zone's name wins a
  // collision), and the name's size in pixels (read once, the first time it is on the map).
  const labels = new Map();
  let located = null; // the zone last located (zoomTo): its name is placed first

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
          const latLng = L.latLng(b.getNorth(), b.getCenter().lng);
          const label = zoneLabel(latLng, zoneName(ft.properties.code)).addTo(group);
          const rank = (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
          labels.set(ft.properties.code, { el: label.options.icon.options.html, latLng, rank, width: 0, height: 0 });
        }
      },
    }).addTo(group);
    declutter();
  }

  /**
   * Hides the names that would overlap a name already shown, the located zone's name first, then the larger zone's (zones close together at
   * province scale, or long English names on a phone, drew their names over each other into an unreadable strip); a
   * hidden name comes back when the zoom leaves it room. Names move with the map, so only a zoom (or new names)
   * changes what overlaps; their sizes are read once, so a zoom forces no layout of the page.
   */
  function declutter() {
    if (!map.hasLayer(group)) return;
    const shown = [];
    const first = labels.get(located);
    for (const label of [...labels.values()].sort((a, b) => (b === first) - (a === first) || b.rank - a.rank)) {
      if (!label.el.isConnected) continue;
      if (!label.width) ({ offsetWidth: label.width, offsetHeight: label.height } = label.el);
      // As style.css places it: centred above the point, its bottom 8 px over it.
      const p = map.latLngToContainerPoint(label.latLng);
      const box = { left: p.x - label.width / 2, right: p.x + label.width / 2, top: p.y - 8 - label.height, bottom: p.y - 8 };
      const hidden = shown.some((o) => box.left < o.right + 2 && o.left < box.right + 2 && box.top < o.bottom + 1 && o.top < box.bottom + 1);
      label.el.classList.toggle('zone-label-hidden', hidden);
      if (!hidden) shown.push(box);
    }
  }
  map.on('zoomend', declutter);
  group.on('add', declutter);

  /** Fits the map to a zone (or park) by code, or to all zones when `code` is empty. */
  function zoomTo(code) {
    const zones = store.get('zones');
    const target = code ? zones.filter((z) => z.properties.code === code) : zones.filter((z) => !z.properties.parent);
    if (!target.length) return;
    located = code || null;
    // Not animated: a zoom requested while Leaflet is still animating the previous one would be dropped.
    const bounds = geoJson(target).getBounds();
    map.fitBounds(bounds, { padding: [20, 20], animate: false });
    declutter(); // the located name first, also when the fit kept the zoom (no zoomend)
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

  /** How far the shown names of zones `codes` stick out of the map on each side (pixels, with a margin), or null when none does. */
  function labelOverflow(codes) {
    const box = map.getContainer().getBoundingClientRect();
    if (!box.width || !box.height) return null;
    const out = { left: 0, top: 0, right: 0, bottom: 0 };
    // Not while the zones are switched off, nor names hidden by a collision.
    for (const el of codes.map((c) => labels.get(c)?.el).filter((el) => el?.isConnected && !el.classList.contains('zone-label-hidden'))) {
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
