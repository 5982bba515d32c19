// A label on the map that is text, never HTML: a non-interactive marker whose icon is a span, placed by CSS (no script
// measures it as the map moves). Used by the zone names (zones.js) and the offline basemap's names (basemap.js).
import * as L from '/vendor/leaflet/leaflet-src.esm.js';

/** `iconClass` goes on the marker's icon (positioned at `latLng`), `spanClass` on the span holding `text`. */
export function textLabel(latLng, text, { pane, iconClass, spanClass = '' }) {
  const span = document.createElement('span');
  if (spanClass) span.className = spanClass;
  span.textContent = text;
  return L.marker(latLng, {
    pane, interactive: false, keyboard: false,
    icon: L.divIcon({ className: iconClass, html: span, iconSize: null }),
  });
}
