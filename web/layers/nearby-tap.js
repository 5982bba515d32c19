// A tap beside a resource opens it. At zone scale a parcel is a few pixels across, far smaller than a fingertip (about
// 7 mm, some 40 CSS px): a tap that hits no shape opens the card of the nearest drawn parcel or factory within reach, as
// a click on it would (so the record panel can still take it). Reach: 24 px for a coarse pointer (touch), 6 px for a mouse.
import * as L from '/vendor/leaflet/leaflet-src.esm.js';

const REACH_TOUCH_PX = 24;
const REACH_MOUSE_PX = 6;

/** `layers`: resource layers (their `group` holds the drawn shapes). */
export function enableNearbyTaps(map, { layers }) {
  const coarse = window.matchMedia('(pointer: coarse)');

  /** The drawn shape nearest to `point` (container px) within `reach`, or null; of equals, the smaller. */
  function nearest(point, reach) {
    let best = null;
    for (const layer of layers) {
      layer.group.eachLayer((g) => g.eachLayer?.((shape) => {
        if (!shape.getBounds || !shape.feature) return;
        const b = shape.getBounds();
        const min = map.latLngToContainerPoint(b.getNorthWest());
        const max = map.latLngToContainerPoint(b.getSouthEast());
        const dx = Math.max(min.x - point.x, 0, point.x - max.x);
        const dy = Math.max(min.y - point.y, 0, point.y - max.y);
        const distance = Math.hypot(dx, dy);
        const size = (max.x - min.x) * (max.y - min.y);
        if (distance <= reach && (!best || distance < best.distance || (distance === best.distance && size < best.size))) {
          best = { shape, distance, size };
        }
      }));
    }
    return best?.shape ?? null;
  }

  map.on('click', (e) => {
    const ev = e.originalEvent;
    if (!ev || ev._stopped) return; // a shape on canvas took it
    if (ev.target?.closest?.('.leaflet-interactive, .leaflet-marker-icon, .leaflet-popup, .leaflet-control')) return; // a shape, pin or card
    const shape = nearest(e.containerPoint, coarse.matches ? REACH_TOUCH_PX : REACH_MOUSE_PX);
    if (shape) shape.fire('click', { latlng: L.latLng(shape.getBounds().getCenter()), originalEvent: ev });
  });
}
