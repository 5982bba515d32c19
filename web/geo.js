// Coordinate helpers for the page, and the one way layers turn GeoJSON into Leaflet shapes on the configured basemap.
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import * as store from './store.js';

// GCJ-02 is the offset datum required for Gaode/Tencent basemaps in China (~0.5 km here). Our data are CGCS2000
// (≈ WGS 84), so on a GCJ-02 basemap each vertex is shifted by the published GCJ-02 forward formula
// (Krasovsky 1940 ellipsoid constants a = 6378245, ee = 0.00669342162296594323). Tianditu uses CGCS2000: no shift.
const A = 6378245.0;
const EE = 0.00669342162296594323;

function shiftLat(x, y) {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3;
  r += (20 * Math.sin(y * Math.PI) + 40 * Math.sin(y / 3 * Math.PI)) * 2 / 3;
  r += (160 * Math.sin(y / 12 * Math.PI) + 320 * Math.sin(y * Math.PI / 30)) * 2 / 3;
  return r;
}

function shiftLon(x, y) {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3;
  r += (20 * Math.sin(x * Math.PI) + 40 * Math.sin(x / 3 * Math.PI)) * 2 / 3;
  r += (150 * Math.sin(x / 12 * Math.PI) + 300 * Math.sin(x / 30 * Math.PI)) * 2 / 3;
  return r;
}

/** WGS 84 / CGCS2000 lon, lat → GCJ-02 [lon, lat]. */
export function toGcj02(lon, lat) {
  let dLat = shiftLat(lon - 105, lat - 35);
  let dLon = shiftLon(lon - 105, lat - 35);
  const radLat = lat / 180 * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
  dLon = (dLon * 180) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

/** Leaflet coordsToLatLng for a basemap datum ('gcj02' or CGCS2000). */
function coordsToLatLngFor(basemapCrs) {
  return basemapCrs === 'gcj02'
    ? (c) => { const [lon, lat] = toGcj02(c[0], c[1]); return L.latLng(lat, lon); }
    : (c) => L.latLng(c[1], c[0]);
}

/** The datum of the basemap shown: the store's `datum` (layers/basemap.js sets it), else the configured default's. */
function datum() {
  return store.get('datum') ?? store.get('config')?.basemap.crs;
}

/** Leaflet coordsToLatLng for the shown basemap's datum. */
export function coordsToLatLng() {
  return coordsToLatLngFor(datum());
}

/** L.geoJSON of `features` (an array or a FeatureCollection) placed on the configured basemap. */
export function geoJson(features, options = {}) {
  const data = Array.isArray(features) ? { type: 'FeatureCollection', features } : features;
  return L.geoJSON(data, { coordsToLatLng: coordsToLatLng(), ...options });
}

/**
 * A Leaflet LatLng on the configured basemap → [lon, lat] in CGCS2000. On a GCJ-02 basemap the forward shift is
 * inverted by fixed-point iteration (p ← p − (gcj(p) − target)); the shift changes slowly, so three rounds are below a
 * millimetre.
 */
export function toLonLat(latlng) {
  if (datum() !== 'gcj02') return [latlng.lng, latlng.lat];
  let [lon, lat] = [latlng.lng, latlng.lat];
  for (let i = 0; i < 3; i++) {
    const [gLon, gLat] = toGcj02(lon, lat);
    lon -= gLon - latlng.lng;
    lat -= gLat - latlng.lat;
  }
  return [lon, lat];
}

/** True when [lon, lat] lies inside a ring (ray casting; the ring's orientation does not matter). */
function inRing(ring, [x, y]) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(rings, point) {
  return inRing(rings[0], point) && !rings.slice(1).some((hole) => inRing(hole, point));
}

/** The code of the top-level zone whose outline holds [lon, lat] (a point of a drawn outline), or null. */
export function zoneAt(zones, point) {
  const zone = (zones ?? []).filter((z) => !z.properties.parent).find(({ geometry: g }) =>
    g.type === 'Polygon' ? inPolygon(g.coordinates, point) : g.type === 'MultiPolygon' && g.coordinates.some((p) => inPolygon(p, point)));
  return zone?.properties.code ?? null;
}
