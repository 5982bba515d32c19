// Match and allocation results on the map: candidates and assignments outlined in amber with a numbered pin at their
// centre (a 40 亩 parcel is a pixel at zone scale), near misses only a dashed outline, land available after recovery a
// dotted violet outline (not free land: no pin). The view fits the candidates, or the others when nothing fits.
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import * as store from '../store.js';
import { geoJson } from '../geo.js';
import { fmt } from '../format.js';
import { html } from '../html.js';

export function createMatchLayer(map) {
  const group = L.layerGroup().addTo(map);
  // Pins sit above the zone name labels (tooltip pane, z-index 650), or a label could hide the best candidate.
  map.createPane('matchPins').style.zIndex = 660;
  const shapes = new Map(); // "role:code" → shape
  let shown = null; // the results drawn, drawn again on another basemap datum

  function clear() {
    group.clearLayers();
    shapes.clear();
    shown = null;
  }

  /** `fit: false` keeps the view (a redraw for a basemap on another datum). */
  function show(featureCollection, { fit = true } = {}) {
    clear();
    shown = featureCollection;
    const pinned = [];
    geoJson(featureCollection, {
      style: (ft) => ({
        nearMiss: { color: '#6b7280', weight: 2, dashArray: '4 4', fillOpacity: 0.05, className: 'match-near' },
        afterRecovery: { color: '#7c3aed', weight: 2, dashArray: '2 6', fillOpacity: 0.08, className: 'match-later' },
      })[ft.properties.role] ?? { color: '#ffb000', weight: 4, fillOpacity: 0.15, className: 'match-candidate' },
      onEachFeature: (ft, l) => {
        const p = ft.properties;
        shapes.set(`${p.role}:${p.code}`, l);
        const label = p.role === 'assigned' ? html`${p.project} → ${p.code}` : html`${p.rank && p.role === 'candidate' ? `#${p.rank} ` : ''}${p.code}`;
        l.bindTooltip(String(html`${label} · ${fmt(p.score, 1)}`));
        if (p.role === 'nearMiss' || p.role === 'afterRecovery') return;
        pinned.push(l);
        // A candidate's pin is its rank; an assignment's names its project (a tick alone does not say whose it is).
        const icon = p.role === 'candidate'
          ? L.divIcon({ className: 'match-pin', html: String(html`<span>${p.rank}</span>`), iconSize: [24, 24] })
          : L.divIcon({ className: 'match-pin assigned', html: String(html`<span><b aria-hidden="true">✓</b> ${p.project}</span>`), iconSize: null });
        L.marker(l.getBounds().getCenter(), { pane: 'matchPins', icon, title: p.role === 'assigned' ? `${p.project} → ${p.code}` : p.code })
          .on('click', () => map.fitBounds(l.getBounds(), { maxZoom: 17, animate: false, padding: [40, 40] }))
          .addTo(group);
      },
    }).addTo(group);
    const focus = pinned.length ? pinned : [...shapes.values()];
    if (fit && focus.length) map.fitBounds(L.featureGroup(focus).getBounds(), { padding: [40, 40], animate: false, maxZoom: 16 });
  }

  /** Zooms to a listed result and opens its tooltip. */
  function focus(role, code) {
    const shape = shapes.get(`${role}:${code}`);
    if (!shape) return;
    map.fitBounds(shape.getBounds(), { maxZoom: 17, animate: false, padding: [40, 40] });
    shape.openTooltip();
  }

  // A basemap on another datum (CGCS2000 ↔ GCJ-02) moves every shape: the results are drawn again where they now lie.
  store.subscribe('datum', () => { if (shown) show(shown, { fit: false }); });

  return { group, show, clear, focus };
}
