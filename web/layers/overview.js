// The overview: parcels and factories as vector tiles (OGC API – Tiles, built by PostGIS with the same filters as the
// items) drawn on canvas by protomaps-leaflet (npm, served at /vendor/protomaps). The page uses it when the filters match
// more than it can draw as shapes, zoomed out; zoomed in, it draws the view's GeoJSON instead (app.js). Tiles carry the
// code, status and size only; a click on a parcel in the overview zooms in to it, where its card opens as usual.
import * as Leaflet from '/vendor/leaflet/leaflet-src.esm.js';
import { STATUS_COLORS, STATUS_DASH } from './parcels.js';
import { VACANCY_STEPS } from './factories.js';

let loading = null;
const MAX_DATA_ZOOM = 16; // the tiles' deepest zoom asked for; deeper views draw them magnified

/** protomaps-leaflet's browser build: a classic script that extends the global L (Leaflet is an ES module here). */
function loadProtomaps() {
  loading ??= new Promise((resolve, reject) => {
    window.L ??= { ...Leaflet };
    const script = document.createElement('script');
    script.src = '/vendor/protomaps/protomaps-leaflet.js';
    script.onload = () => resolve(window.protomapsL);
    script.onerror = () => { loading = null; reject(new Error('protomaps-leaflet could not be loaded')); };
    document.head.append(script);
  });
  return loading;
}

/**
 * The status outlines (layers/parcels.js's STATUS_DASH) over a collection's fill, from zoom 12 where a shape is more
 * than a pooled cell (two pixels below zoom 13): one line rule per dashed status, since protomaps-leaflet takes one dash array per symbolizer.
 */
function statusOutlineRules(LineSymbolizer, source, color) {
  return Object.entries(STATUS_DASH).filter(([, dash]) => dash).map(([status, dash]) => ({
    dataSource: source, dataLayer: source, minzoom: 12,
    filter: (z, f) => f.props.status === status,
    symbolizer: new LineSymbolizer({ color, width: 1.6, dash: dash.split(' ').map(Number) }),
  }));
}

/**
 * Trims the decoded tiles protomaps-leaflet (5.1, pinned in web/package.json) keeps (up to 64 per source, its TileCache)
 * to those a tile on the map is drawn from and the RECENT_TILES most recently used besides (a zoom back or a pan back
 * finds them). At a million parcels one decoded tile of the overview holds up to a hundred thousand outlines, tens of MB
 * of JS objects: 64 of them held the JS heap at 325 MB in the page bench. The display tile z/x/y is drawn from the data
 * tile at zoom z - 1 (protomaps' default levelDiff), at most MAX_DATA_ZOOM, that holds it.
 */
const RECENT_TILES = 16;
function trimDecodedTiles(layer) {
  const dataTile = ({ x, y, z }) => {
    const dz = Math.max(0, Math.min(z - 1, MAX_DATA_ZOOM));
    return `${x >> (z - dz)}:${y >> (z - dz)}:${dz}`;
  };
  const used = new Set(Object.values(layer._tiles ?? {}).map(({ coords }) => dataTile(coords)));
  for (const view of layer.views?.values() ?? []) {
    const cache = view.tileCache?.cache;
    if (!(cache instanceof Map)) continue;
    const others = [...cache].filter(([key]) => !used.has(key)).sort(([, a], [, b]) => b.used - a.used);
    for (const [key] of others.slice(RECENT_TILES)) cache.delete(key);
  }
}

/** An upright rectangle (a run of pooled cells): five points, the first repeated last. */
const isRectangle = (r) => r.length === 5 && r[0].x === r[3].x && r[1].x === r[2].x && r[0].y === r[1].y && r[2].y === r[3].y;

/**
 * The fill of a collection's shapes in a tile, a few dozen at a time per colour: protomaps-leaflet's PolygonSymbolizer
 * fills (and restyles the canvas for) every shape on its own, which at a million parcels (up to a hundred thousand pooled
 * pixels and small outlines per tile) was most of the time spent drawing the overview. Canvas paths grow slower to extend
 * the longer they are, so one path per colour for the whole tile is slower still (measured in Chromium 50 000 squares:
 * one fill each 237 ms, 32 per path 45 ms, one path 9.6 s). A shape of one ring that is an upright rectangle (a pooled
 * pixel) is added as a rectangle. The paths left at a tile's end are painted by `flush` (a rule placed right after, see
 * fillRules), before any outline, in the tile's transform as draw() found it. Shapes of one colour in one path that
 * overlap are filled once (non-zero rule), not darkened by each other.
 */
class BatchedFill {
  static SHAPES_PER_PATH = 32;

  constructor({ color, opacity, stroke, width }) {
    Object.assign(this, { color, opacity, stroke, width });
    this.open = new Map(); // colour → { path, shapes }
    this.matrix = null;
  }

  draw(ctx, geom, z, feature) {
    this.matrix ??= ctx.getTransform();
    const color = this.color(feature);
    let open = this.open.get(color);
    if (!open) this.open.set(color, open = { path: new Path2D(), shapes: 0 });
    // A row of pooled cells of one status is one feature of several rectangles: each counts as a shape.
    const runs = geom.length > 1 && geom.every(isRectangle);
    if (runs || (geom.length === 1 && isRectangle(geom[0]))) {
      for (const r of geom) open.path.rect(Math.min(r[0].x, r[1].x), Math.min(r[0].y, r[2].y), Math.abs(r[1].x - r[0].x), Math.abs(r[2].y - r[0].y));
    } else {
      for (const r of geom) {
        open.path.moveTo(r[0].x, r[0].y);
        for (let i = 1; i < r.length; i++) open.path.lineTo(r[i].x, r[i].y);
        open.path.closePath();
      }
    }
    open.shapes += runs ? geom.length : 1;
    if (open.shapes >= BatchedFill.SHAPES_PER_PATH) {
      this.paint(ctx, color, open.path, z);
      this.open.delete(color);
    }
  }

  paint(ctx, color, path, z) {
    ctx.globalAlpha = this.opacity;
    ctx.fillStyle = color;
    ctx.fill(path);
    const width = this.width(z);
    if (width > 0) {
      ctx.strokeStyle = this.stroke;
      ctx.lineWidth = width;
      ctx.stroke(path);
    }
  }

  flush(ctx, z) {
    if (this.matrix && this.open.size > 0) {
      ctx.save();
      ctx.setTransform(this.matrix);
      for (const [color, { path }] of this.open) this.paint(ctx, color, path, z);
      ctx.restore();
    }
    this.open.clear();
    this.matrix = null;
  }
}

/** The paint rules of a collection's fill: the shapes gathered per colour, then painted at once (BatchedFill). */
function fillRules(source, options) {
  const fill = new BatchedFill(options);
  return [
    { dataSource: source, dataLayer: source, symbolizer: fill },
    // Shapes none: its before() runs once per tile after the fill rule's shapes, and paints them.
    { dataSource: source, dataLayer: source, filter: () => false, symbolizer: { before: (ctx, z) => fill.flush(ctx, z), draw() {} } },
  ];
}

const vacancyColor = (rate) => VACANCY_STEPS.find(([min]) => rate >= min)?.[1] ?? VACANCY_STEPS.at(-1)[1];

function tileUrl(collection, params) {
  const query = new URLSearchParams(params).toString();
  // protomaps fills {z}, {x} and {y} by name; the OGC path order is z/y/x.
  return `${location.origin}/collections/${collection}/tiles/WebMercatorQuad/{z}/{y}/{x}${query ? `?${query}` : ''}`;
}

/**
 * `pane`: the map pane the tiles are drawn in (below the shapes). show(params) draws the tiles of the filters
 * `params` ({ parcels, factories }: the items' query parameters); hide() takes them off the map.
 */
export function createOverview(map, { minZoomToOpen = 13 } = {}) {
  loadProtomaps().catch(() => {}); // fetched at once, beside the page's first requests (128 kB): the overview may need it
  const pane = map.createPane('overview');
  pane.style.zIndex = 350; // above the basemap (200), below the vector shapes (400)
  let layer = null;
  let shownKey = null; // the tile URLs drawn: showing the same again changes nothing
  let wanted = null; // the params of the newest show(): an older load that finishes late draws nothing

  async function show(params) {
    const key = JSON.stringify([params.parcels && tileUrl('parcels', params.parcels), params.factories && tileUrl('factories', params.factories)]);
    wanted = key;
    if (layer && key !== shownKey) dropSources(params);
    if (layer && key === shownKey) {
      // The same tiles: after a move, wait for those the move brought into view (Leaflet asked for them in this same
      // moveend, after the page's own handler: one microtask later they are known).
      await null;
      if (layer?.isLoading()) await new Promise((resolve) => { layer.once('load', resolve); setTimeout(resolve, 3000); });
      return;
    }
    const protomaps = await loadProtomaps();
    if (wanted !== key) return;
    hide({ keepWanted: true });
    if (!params.parcels && !params.factories) return;
    shownKey = key;
    const { LineSymbolizer, leafletLayer } = protomaps;
    const sources = {};
    const paintRules = [];
    if (params.parcels) {
      sources.parcels = { url: tileUrl('parcels', params.parcels), maxDataZoom: MAX_DATA_ZOOM };
      paintRules.push(
        ...fillRules('parcels', { color: (f) => STATUS_COLORS[f.props.status] ?? '#999', opacity: 0.75, stroke: '#333', width: (z) => (z >= 12 ? 0.5 : 0) }),
        ...statusOutlineRules(LineSymbolizer, 'parcels', '#333'));
    }
    if (params.factories) {
      sources.factories = { url: tileUrl('factories', params.factories), maxDataZoom: MAX_DATA_ZOOM };
      paintRules.push(
        ...fillRules('factories', { color: (f) => vacancyColor(f.props.vacancyRate), opacity: 0.85, stroke: '#08306b', width: (z) => (z >= 12 ? 0.6 : 0) }),
        ...statusOutlineRules(LineSymbolizer, 'factories', '#08306b'));
    }
    layer = leafletLayer({ sources, paintRules, labelRules: [], pane: 'overview', attribution: '', backgroundColor: undefined });
    // Marks for the page benchmark (tests/bench/page.mjs): a tile drawn, and every tile in view drawn.
    layer.on('tileload', () => performance.mark('landmap:overview-tile'));
    layer.on('load', (e) => { trimDecodedTiles(e.target); performance.mark('landmap:overview-load'); });
    const drawn = new Promise((resolve) => { layer.once('load', resolve); setTimeout(resolve, 3000); });
    layer.addTo(map);
    // Resolves when the tiles in view are drawn (at most 3 s): app.js marks the view loaded only then, so what waits for
    // a loaded view (the list's page sorted by the server) does not compete with these tiles for the server.
    await drawn;
  }

  /**
   * A collection drawn but no longer wanted while the other's filters are unchanged (it matched nothing, as the totals
   * said after the first tiles were asked for beside them): its source is taken out of the layer (protomaps-leaflet's
   * `views`, read for every new tile), so no more of its (empty) tiles are asked for, and the other's tiles stay as drawn.
   */
  function dropSources(params) {
    const shown = JSON.parse(shownKey);
    const names = ['parcels', 'factories'];
    const keep = names.every((name, i) => (params[name] ? tileUrl(name, params[name]) === shown[i] : true));
    if (!keep || !(layer.views instanceof Map)) return;
    names.forEach((name, i) => { if (!params[name] && shown[i]) layer.views.delete(name); });
    shownKey = JSON.stringify(names.map((name) => (params[name] ? tileUrl(name, params[name]) : null)));
  }

  function hide({ keepWanted = false } = {}) {
    if (!keepWanted) wanted = null;
    if (layer) { map.removeLayer(layer); layer = null; shownKey = null; }
  }

  // A parcel or building clicked in the overview: zoom in to where shapes (and cards) are drawn.
  map.on('click', (e) => {
    if (!layer || map.getZoom() >= minZoomToOpen) return;
    const hits = layer.queryTileFeaturesDebug(e.latlng.lng, e.latlng.lat, 4);
    const any = [...hits.values()].some((list) => list.length > 0);
    if (any) map.setView(e.latlng, minZoomToOpen + 1);
  });

  return { show, hide, get shown() { return layer !== null; } };
}
