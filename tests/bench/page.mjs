// The page benchmark (`./landmap bench-page`): the map page over a database of N generated parcels, in Debian's headless
// Chromium (its headless shell, chromium-headless-shell, as Playwright's own headless mode uses) at 1366×768, as a user meets it: the first parcels drawn after opening, a pan and a zoom redrawn, a filter
// changed, and the browser's memory. Times come from the page's own performance marks (app.js, layers/overview.js), from
// the moment the action starts to the moment what it asked for is drawn. Figures, not assertions: medians of several runs.
//
//   node tests/bench/page.mjs URL [RUNS]
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync } from 'node:fs';

const url = process.argv[2] ?? 'http://127.0.0.1:5080/';
const runs = Number(process.argv[3] ?? 7);
/** The median of the figures measured (a view not drawn in time is left out, and reported below the figures). */
const median = (xs) => { const s = xs.filter(Number.isFinite).sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };
const fmt = (ms) => `${ms.toFixed(0)} ms`;

/**
 * Memory of a process and all its descendants (the browser, its renderers and its GPU/utility processes), MB: the
 * proportional set size (shared pages split among the processes that share them), so the sum is not counted twice.
 * `byType` gets the MB of each kind of process (Chromium's --type: renderer, gpu-process, utility; the browser has none).
 */
function treeRssMb(pid, byType = {}) {
  const children = new Map();
  for (const d of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch { /* gone */ }
  }
  let kb = 0;
  const walk = (p) => {
    try {
      const pss = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
      // Chromium rewrites its children's command lines (one string, spaces, no NULs): read the type out of the text.
      const type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${p}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      kb += pss;
      byType[type] = (byType[type] ?? 0) + pss / 1024;
    } catch { /* gone */ }
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return kb / 1024;
}

// The server loads its in-memory copy of the parcels for the tiles in the background after it starts (Tiles/ParcelOutlines;
// PostGIS builds the tiles meanwhile): the figures are for the running server, so wait until a tile says it came from
// memory (Server-Timing: tile;desc=memory), at most 120 s, and say how long that took.
{
  const t0 = Date.now();
  let ready = false;
  while (!ready && Date.now() - t0 < 120000) {
    const r = await fetch(new URL('/collections/parcels/tiles/WebMercatorQuad/0/0/0', url));
    await r.arrayBuffer();
    ready = (r.headers.get('server-timing') ?? '').includes('desc=memory');
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(ready ? `tiles from the parcels in memory after ${((Date.now() - t0) / 1000).toFixed(1)} s`
    : 'tiles still built by PostGIS after 120 s (the in-memory copy did not load): measuring anyway');
}

// A marker on the browser's command line finds its process (and so its renderers) for the memory figure.
const marker = `--landmap-bench=${process.pid}`;
// The headless shell, not the full browser run headless: that one also starts the desktop browser's own WebUI renderers
// (the omnibox popups, about 75 MB per context in Chromium 156) and a larger browser process, none of it the page's
// (measured 2026-11-27 at 100 000 parcels: 625 MB against 436 MB, the page's renderer 279 MB in both).
// The binary itself: /usr/bin/chromium-headless-shell is a shell script that runs it without exec, and the memory
// figure walks the process tree down from the browser.
const executablePath = process.env.LANDMAP_BENCH_CHROMIUM ?? '/usr/lib/chromium/chromium-headless-shell';
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', marker] });
const browserPid = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number).find((p) => {
  try { const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0'); return argv.includes(marker) && !argv.some((a) => a.startsWith('--type=')); } catch { return false; }
});
const errors = [];
let context, page;
/** A fresh context: an empty browser cache, as a first visit (the tiles' ETags would otherwise make a reopen a 304). */
async function freshPage() {
  await context?.close();
  context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
}

/**
 * Runs `action` in the page and waits until, for every group in `groups`, one of its marks is set after the action
 * began; ms from the start to the last of those marks.
 */
async function timed(action, groups, timeout = 60000) {
  return page.evaluate(async ({ action, groups, timeout }) => {
    const t0 = performance.now();
    const done = new Promise((resolve, reject) => {
      const first = (marks) => Math.min(...marks.flatMap((m) => performance.getEntriesByName(m)).filter((e) => e.startTime >= t0).map((e) => e.startTime));
      const timer = setInterval(() => {
        const at = groups.map(first);
        if (at.every(Number.isFinite)) { clearInterval(timer); resolve(Math.max(...at) - t0); }
      }, 5);
      setTimeout(() => { clearInterval(timer); reject(new Error(`not drawn within ${timeout} ms`)); }, timeout);
    });
    new Function('window', action)(window); // eslint-disable-line no-new-func
    return done;
  }, { action, groups, timeout });
}

// A moved view is drawn when its new tiles or shapes are (overview-load, view-shapes), or, when it needed none (a pan back
// over tiles Leaflet kept), when the page has handled the move (view-drawn): without that last mark such a pan waited
// forever, which stopped the whole bench (`./landmap bench 100000` on 2026-11-27 printed no page figures).
const drawn = [['landmap:overview-load', 'landmap:view-shapes', 'landmap:all-shapes', 'landmap:view-drawn']];
const failures = [];
/** timed(), but a view that is not drawn in time is counted and reported, not the end of the bench. */
async function measured(action, groups, what) {
  try {
    return await timed(action, groups);
  } catch (e) {
    failures.push(`${what}: ${e.message.split('\n')[0]}`);
    return NaN;
  }
}
const opened = [];
let requests = 0, bytes = 0;
const pending = [];
for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i++) {
  await freshPage();
  page.on('requestfinished', (r) => { requests++; pending.push(r.sizes().then((s) => { bytes += Math.max(0, s.responseBodySize); }, () => {})); });
  requests = 0; bytes = 0;
  const t0 = Date.now();
  await page.goto(`${url}${url.includes('?') ? '&' : '?'}run=${i}`);
  // Drawn: every overview tile in view painted (an empty tile counts as painted too, so the first tile is not enough),
  // or the shapes drawn when there are few enough to draw them all.
  const marks = ['landmap:overview-load', 'landmap:view-shapes', 'landmap:all-shapes'];
  await page.waitForFunction((marks) => marks.some((m) => performance.getEntriesByName(m).length), marks, { timeout: 120000 });
  const first = await page.evaluate((marks) => Math.min(...marks.flatMap((m) => performance.getEntriesByName(m)).map((e) => e.startTime)), marks);
  opened.push({ first, wall: Date.now() - t0 });
}
await Promise.all(pending);
const mode = await page.getAttribute('body', 'data-mode');
const openRequests = requests, openBytes = bytes;

const pans = [], zooms = [], filters = [];
for (let i = 0; i < runs; i++) {
  const dx = i % 2 ? -400 : 400;
  pans.push(await measured(`window.landmap.map.panBy([${dx}, ${i % 3 ? 150 : -150}], { animate: false })`, drawn, `pan ${i + 1}`));
  const z = await page.evaluate(() => window.landmap.map.getZoom());
  zooms.push(await measured(`window.landmap.map.setZoom(${z + (i % 2 ? -1 : 1)}, { animate: false })`, drawn, `zoom ${i + 1}`));
}
for (let i = 0; i < runs; i++) {
  const value = i % 2 ? '' : String(20 + i);
  const groups = mode === 'view' ? [['landmap:loaded'], ['landmap:overview-load']] : [['landmap:loaded']];
  filters.push(await measured(`const el = document.getElementById('minMu'); el.value = '${value}'; el.dispatchEvent(new Event('input', { bubbles: true }));`, groups, `filter ${i + 1}`));
}
// A closer look: zoom to the middle of the first zone, where shapes are drawn (zoom 14), and pan there.
await measured(`const z = window.landmap.store.get('zones')[0]; const r = z.geometry.coordinates[0][0];
  const lon = r.reduce((s, c) => s + c[0], 0) / r.length, lat = r.reduce((s, c) => s + c[1], 0) / r.length;
  window.landmap.map.setView([lat, lon], 14, { animate: false });`, drawn, 'zoom to 14');
const shapePans = [];
for (let i = 0; i < runs; i++) shapePans.push(await measured(`window.landmap.map.panBy([${i % 2 ? -500 : 500}, 0], { animate: false })`, drawn, `pan at zoom 14 ${i + 1}`));

const shapes = await page.evaluate(() => window.landmap.parcels.group.getLayers().reduce((n, g) => n + (g.getLayers?.().length ?? 1), 0));
const cdp = await context.newCDPSession(page);
await cdp.send('Performance.enable');
const { metrics } = await cdp.send('Performance.getMetrics');
const heap = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 1024 / 1024;
const byType = {};
const rss = browserPid ? treeRssMb(browserPid, byType) : NaN;
// The figure above is taken right after the last action, with the garbage of the tiles just decoded still held (the
// target is judged on it); the same browser 5 s later, idle, shows what the page keeps.
await new Promise((resolve) => setTimeout(resolve, 5000));
const settledByType = {};
const settled = browserPid ? treeRssMb(browserPid, settledByType) : NaN;

console.log(`page (${executablePath.split('/').at(-1)} 1366×768, mode '${mode}'; medians; each opening in a fresh browser context; the 250 ms filter debounce is included in the filter figure):`);
console.log(`  parcels in view drawn after opening (from navigation): ${fmt(median(opened.map((o) => o.first)))} (target ≤ 1500 ms); ${openRequests} requests, ${(openBytes / 1e6).toFixed(2)} MB`);
console.log(`  pan redrawn (overview): ${fmt(median(pans))}, zoom redrawn: ${fmt(median(zooms))} (target ≤ 200 ms)`);
console.log(`  pan redrawn at zoom 14 (the view's shapes, ${shapes} drawn): ${fmt(median(shapePans))} (target ≤ 200 ms)`);
console.log(`  filter change to totals and parcels redrawn: ${fmt(median(filters))} (target ≤ 500 ms)`);
console.log(`  browser memory: ${rss.toFixed(0)} MB resident for all Chromium processes, JS heap ${heap.toFixed(0)} MB (target ≤ 500 MB; proportional set size of the browser and its child processes: ${Object.entries(byType).map(([t, mb]) => `${t} ${mb.toFixed(0)}`).join(', ')}); after 5 s idle ${settled.toFixed(0)} MB (renderer ${(settledByType.renderer ?? NaN).toFixed(0)})`);
if (failures.length) console.log(`  not drawn within 60 s (left out of the medians): ${failures.join('; ')}`);
if (errors.length) console.log(`  page errors: ${errors.slice(0, 3).join(' | ')}`);
await browser.close();
