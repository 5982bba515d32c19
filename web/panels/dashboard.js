// 去化与盘活看板 (staff and above), beside the map: key figures (available now, absorbed and revitalised this year,
// average days idle), absorption by period as bars (land mu, factory m²) and the available stock per zone as lines, all
// from GET /api/stats/absorption. Clicking a period's bar filters the map to what was absorbed in it: the store's
// `absorbedPeriod` ({ period, by, from, to }: its first and last day, as the API gives them) becomes the items filter
// absorbedFrom/absorbedTo.
// Below them, the zone's revitalisation in the articles' terms (GET /api/stats/revitalisation: a sentence like Laixi's
// 累计盘活闲置低效用地…亩、闲置厂房…, the six figures, a year chooser over the years with completed plans) and the per-mu
// performance grades with the 腾笼换鸟 candidates (GET /api/low-efficiency), with the thresholds used and whether they
// are a local setting.
// Apache ECharts is loaded as its ES module build the first time the dashboard opens (script-src 'self' allows it; the
// public never downloads it).
import { api, errorText } from '../api.js';
import * as store from '../store.js';
import { t, locale, applyTexts } from '../i18n.js';
import { atLeast } from '../roles.js';
import { fmt, topZoneCodes, zoneName } from '../format.js';
import { esc, html, setHtml } from '../html.js';

const ECHARTS = '/vendor/echarts/echarts.esm.min.js';
/** The charts cover this calendar year and the five before it (the demo history starts in 2021). */
const YEARS_SHOWN = 6;
/** Monthly bars: this many are in view at first; the slider below reaches the rest. */
const MONTHS_IN_VIEW = 24;
const LAND_COLOR = '#e6550d';
const FACTORY_COLOR = '#3182bd';
const ZONE_COLORS = ['#123b63', '#d7301f', '#41ab5d', '#8c6bb1', '#f08c00', '#3182bd', '#b5446e', '#6b7280', '#1a9850', '#7f5539'];

/** Today in Asia/Shanghai (the zone's calendar, as the API counts days), YYYY-MM-DD. */
function shanghaiToday(now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** `root`: the dashboard's empty element. */
export function initDashboard({ root }) {
  const view = { zone: '', by: 'month', metric: 'land', revYear: '' };
  let data = null; // { series: absorption answer by period, year: this year's answer, rev: revitalisation, grades: low-efficiency }
  let echarts = null;
  let charts = null; // { absorption, stock }
  let seq = 0;
  let shown = false;

  setHtml(root, html`
    <div class="dash-head">
      <h2 id="dash-title" data-i18n="dashTitle"></h2>
      <button type="button" class="dash-close" data-testid="dashboard-close" data-i18n-aria-label="dashClose">×</button>
    </div>
    <div class="dash-controls">
      <select class="dash-zone" data-testid="dashboard-zone" data-i18n-aria-label="zone"></select>
      <select class="dash-by" data-testid="dashboard-by" data-i18n-aria-label="dashBy"></select>
    </div>
    <p class="error dash-error" role="alert" hidden></p>
    <div class="kpis">
      ${['available', 'absorbed', 'revitalised', 'idle-days'].map((k) => html`<div class="kpi kpi-${k}" data-testid="kpi-${k}">
        <span class="kpi-label"></span><strong class="kpi-main">—</strong><span class="kpi-sub"></span></div>`)}
    </div>
    <h3 class="dash-h"><span class="dash-absorption-title"></span></h3>
    <div class="chart chart-absorption" data-testid="chart-absorption" role="img"></div>
    <p class="hint" data-i18n="dashClickHint"></p>
    <p class="dash-filter" data-testid="absorbed-filter" hidden><span></span>
      <button type="button" class="dash-filter-clear" data-testid="absorbed-filter-clear" data-i18n="dashClearFilter"></button></p>
    <h3 class="dash-h"><span data-i18n="dashStockTitle"></span>
      <span class="dash-metric" role="group">
        <button type="button" data-metric="land" data-testid="stock-land" data-i18n="dashLand" aria-pressed="true"></button>
        <button type="button" data-metric="factory" data-testid="stock-factory" data-i18n="dashFactory" aria-pressed="false"></button>
      </span></h3>
    <div class="chart chart-stock" data-testid="chart-stock" role="img"></div>
    <section class="dash-rev" data-testid="dash-revitalisation">
      <h3 class="dash-h"><span data-i18n="revTitle"></span>
        <select class="dash-rev-year" data-testid="revitalisation-year" data-i18n-aria-label="revYear"></select></h3>
      <p class="dash-rev-sentence" data-testid="revitalisation-sentence"></p>
      <dl class="dash-rev-figures">
        ${['land', 'factory', 'expanded', 'newProjects', 'investment', 'output'].map((k) => html`<div class="rev-figure" data-testid="rev-${k}">
          <dt></dt><dd></dd></div>`)}
      </dl>
      <p class="hint" data-i18n="revBasis"></p>
      <h3 class="dash-h"><span class="dash-grade-title"></span></h3>
      <div class="dash-grades" data-testid="grade-distribution">
        ${['A', 'B', 'C', 'D'].map((g) => html`<div class="grade grade-${g}" data-testid="grade-${g}">
          <span class="grade-name"></span><span class="grade-bar"><span></span></span><span class="grade-count"></span></div>`)}
      </div>
      <p class="dash-candidates" data-testid="candidates-count"></p>
      <p class="hint dash-grade-note" data-testid="grade-thresholds"></p>
    </section>`);

  const $ = (selector) => root.querySelector(selector);
  const s = () => t();
  const compact = (v) => Number(v).toLocaleString(locale(), { notation: 'compact', maximumFractionDigits: 1 });
  const mu = (v) => `${fmt(v, 1)} ${s().units.mu}`;
  const m2 = (v) => `${fmt(v, 0)} ${s().units.m2}`;

  function fillSelects() {
    const zone = $('.dash-zone');
    zone.replaceChildren(new Option(s().allZones, ''), ...topZoneCodes().map((z) => new Option(zoneName(z), z)));
    zone.value = view.zone;
    const by = $('.dash-by');
    by.replaceChildren(...['month', 'quarter', 'year'].map((b) => new Option(s().dashByNames[b], b)));
    by.value = view.by;
  }

  function zoneQuery(params = {}) {
    const q = new URLSearchParams(params);
    if (view.zone) q.set('zone', view.zone);
    return q.toString();
  }

  function query(params) {
    return `/api/stats/absorption?${zoneQuery(params)}`;
  }

  /** The revitalisation figures (of view.revYear; the latest year with completed plans when none is chosen) and the grades. */
  function loadRevitalisation() {
    return Promise.all([
      api(`/api/stats/revitalisation?${zoneQuery(view.revYear ? { year: view.revYear } : {})}`),
      api(`/api/low-efficiency?${zoneQuery()}`),
    ]);
  }

  /** Runs `request`, then `apply` with its answer unless a newer load started meanwhile; marks the dashboard loading/loaded. */
  async function run(request, apply) {
    const mySeq = ++seq;
    $('.dash-error').hidden = true;
    root.dataset.loading = 'true';
    try {
      const answer = await request();
      if (mySeq !== seq) return;
      apply(answer);
      root.dataset.loaded = String(mySeq);
    } catch (e) {
      if (mySeq !== seq) return;
      $('.dash-error').textContent = errorText(e);
      $('.dash-error').hidden = false;
    } finally {
      if (mySeq === seq) delete root.dataset.loading;
    }
  }

  async function loadCharts() {
    if (charts) return;
    echarts ??= await import(ECHARTS);
    charts = { absorption: echarts.init($('.chart-absorption')), stock: echarts.init($('.chart-stock')) };
    charts.absorption.getZr().on('click', onAbsorptionClick);
  }

  function setKpi(key, label, main, value, sub) {
    const el = $(`.kpi-${key}`);
    el.querySelector('.kpi-label').textContent = label;
    el.querySelector('.kpi-main').textContent = main;
    el.querySelector('.kpi-sub').textContent = sub;
    if (value == null) delete el.dataset.value;
    else el.dataset.value = String(value);
  }

  function renderKpis() {
    const l = s();
    const now = data.series.availableNow ?? {};
    const year = data.year.totals ?? {};
    setKpi('available', l.dashAvailable, mu(now.landMu), now.landMu, `${l.dashFactory} ${m2(now.factoryM2)}`);
    setKpi('absorbed', l.dashAbsorbedYear, mu(year.landAbsorbedMu), year.landAbsorbedMu, `${l.dashFactory} ${m2(year.factoryAbsorbedM2)}`);
    setKpi('revitalised', l.dashRevitalisedYear, mu(year.landRevitalisedMu), year.landRevitalisedMu, `${l.dashFactory} ${m2(year.factoryRevitalisedM2)}`);
    setKpi('idle-days', l.dashIdleDays, year.avgIdleDays == null ? '—' : `${fmt(year.avgIdleDays, 0)} ${l.dashDays}`,
      year.avgIdleDays, l.dashIdleDaysSub);
  }

  function periodLabel(p) {
    return s().dashPeriod(p.period, view.by);
  }

  function tooltipBlock(p) {
    const l = s();
    const rows = [
      [l.dashLandAbsorbed, mu(p.landAbsorbedMu)], [l.dashLandReturned, mu(p.landReturnedMu)], [l.dashLandRevitalised, mu(p.landRevitalisedMu)],
      [l.dashFactoryAbsorbed, m2(p.factoryAbsorbedM2)], [l.dashFactoryReturned, m2(p.factoryReturnedM2)],
    ];
    return `<b>${esc(periodLabel(p))}</b><br>${rows.map(([k, v]) => `${esc(k)}${esc(l.sep)}${esc(v)}`).join('<br>')}`;
  }

  function absorptionOption() {
    const l = s();
    const periods = data.series.periods ?? [];
    const landName = l.dashWithUnit(l.dashLand, l.units.mu); // the chart's title says what: absorbed
    const factoryName = l.dashWithUnit(l.dashFactory, l.units.m2);
    const selected = store.get('absorbedPeriod')?.period;
    const dim = (i) => ({ opacity: selected && periods[i].period !== selected ? 0.35 : 1 });
    const start = view.by === 'month' && periods.length > MONTHS_IN_VIEW ? 100 * (1 - MONTHS_IN_VIEW / periods.length) : 0;
    return {
      animation: false,
      grid: { left: 8, right: 12, top: 52, bottom: view.by === 'month' ? 44 : 8, containLabel: true },
      legend: { type: 'scroll', top: 0, data: [landName, factoryName] },
      tooltip: { trigger: 'axis', confine: true, axisPointer: { type: 'shadow' }, formatter: (items) => tooltipBlock(periods[items[0].dataIndex]) },
      xAxis: { type: 'category', data: periods.map(periodLabel) },
      yAxis: [
        // Each axis in its series' colour: land (mu) on the left, factory space (m²) on the right.
        { type: 'value', name: l.units.mu, nameTextStyle: { color: LAND_COLOR }, axisLabel: { formatter: compact, color: LAND_COLOR },
          splitLine: { lineStyle: { color: '#eef1f4' } } },
        { type: 'value', name: l.units.m2, nameTextStyle: { color: FACTORY_COLOR }, axisLabel: { formatter: compact, color: FACTORY_COLOR },
          splitLine: { show: false } },
      ],
      dataZoom: view.by === 'month' ? [{ type: 'slider', start, end: 100, height: 16, bottom: 4 }, { type: 'inside', start, end: 100 }] : [],
      series: [
        { name: landName, type: 'bar', yAxisIndex: 0, itemStyle: { color: LAND_COLOR }, data: periods.map((p, i) => ({ value: p.landAbsorbedMu, itemStyle: dim(i) })) },
        { name: factoryName, type: 'bar', yAxisIndex: 1, itemStyle: { color: FACTORY_COLOR }, data: periods.map((p, i) => ({ value: p.factoryAbsorbedM2, itemStyle: dim(i) })) },
      ],
    };
  }

  function stockOption() {
    const l = s();
    const stock = data.series.stock ?? [];
    const periods = [...new Set(stock.map((x) => x.period))];
    const zones = [...new Set(stock.map((x) => x.zone))];
    const field = view.metric === 'land' ? 'landAvailableMu' : 'factoryAvailableM2';
    const unit = view.metric === 'land' ? l.units.mu : l.units.m2;
    const value = new Map(stock.map((x) => [`${x.zone}|${x.period}`, x[field]]));
    return {
      animation: false,
      color: ZONE_COLORS,
      grid: { left: 8, right: 28, top: 56, bottom: 8, containLabel: true },
      legend: { type: 'scroll', top: 0, data: zones.map(zoneName) },
      tooltip: {
        trigger: 'axis',
        confine: true, // inside the chart: the dashboard clips what sticks out
        valueFormatter: (v) => (v == null ? '—' : `${fmt(v, view.metric === 'land' ? 1 : 0)} ${unit}`),
      },
      xAxis: { type: 'category', boundaryGap: false, data: periods.map((p) => l.dashPeriod(p, view.by)) },
      yAxis: { type: 'value', name: unit, axisLabel: { formatter: compact }, splitLine: { lineStyle: { color: '#eef1f4' } } },
      series: zones.map((z) => ({
        name: zoneName(z), type: 'line', showSymbol: false, data: periods.map((p) => value.get(`${z}|${p}`) ?? null),
      })),
    };
  }

  /** The period the map is filtered to, here and in the filters tab's summary (so it is never an invisible filter). */
  function renderFilterChip() {
    const period = store.get('absorbedPeriod');
    for (const chip of [$('.dash-filter'), document.getElementById('absorbed-filter-summary')]) {
      if (!chip) continue;
      chip.hidden = !period;
      if (period) chip.querySelector('span').textContent = s().dashFilterOn(s().dashPeriod(period.period, period.by));
    }
  }

  function setFigure(key, label, text, value) {
    const el = $(`[data-testid="rev-${key}"]`);
    el.querySelector('dt').textContent = label;
    el.querySelector('dd').textContent = text;
    el.dataset.value = String(value);
  }

  /** The zone's year in the articles' terms: one sentence, then each figure on its own line. */
  function renderRevitalisation() {
    const l = s();
    const rev = data.rev;
    const yearSelect = $('.dash-rev-year');
    const years = [...new Set([rev.year, ...(rev.yearsWithPlans ?? [])])].sort((a, b) => b - a);
    yearSelect.replaceChildren(...years.map((y) => new Option(l.dashPeriod(String(y), 'year'), String(y))));
    yearSelect.value = String(rev.year);
    const zone = view.zone ? zoneName(view.zone) : l.revAllZones;
    const money = (v) => l.revMoney(v, fmt);
    const space = (v) => l.revSpace(v, fmt);
    $('.dash-rev-sentence').textContent = rev.plansDone === 0 ? l.revNone(zone, rev.year) : l.revSentence({
      zone, year: rev.year, land: fmt(rev.landRevitalisedMu, 1), factory: space(rev.factoryRevitalisedM2), expanded: rev.firmsExpanded,
      newProjects: rev.newProjects, investment: money(rev.investmentAddedWan), output: money(rev.expectedOutputWan),
    });
    const f = l.revFigures;
    setFigure('land', f.land, mu(rev.landRevitalisedMu), rev.landRevitalisedMu);
    setFigure('factory', f.factory, space(rev.factoryRevitalisedM2), rev.factoryRevitalisedM2);
    setFigure('expanded', f.expanded, l.revFirms(rev.firmsExpanded), rev.firmsExpanded);
    setFigure('newProjects', f.newProjects, l.revProjects(rev.newProjects), rev.newProjects);
    setFigure('investment', f.investment, money(rev.investmentAddedWan), rev.investmentAddedWan);
    setFigure('output', f.output, money(rev.expectedOutputWan), rev.expectedOutputWan);
  }

  /** The grade distribution as bars (share of graded parcels), the candidates and the thresholds with their standing. */
  function renderGrades() {
    const l = s();
    const g = data.grades;
    $('.dash-grade-title').textContent = g.graded === 0 ? l.gradeNone(g.year) : l.gradeTitle(g.year);
    for (const total of g.totals) {
      const el = $(`[data-testid="grade-${total.grade}"]`);
      el.dataset.count = String(total.parcels);
      el.querySelector('.grade-name').textContent = l.gradeNames[total.grade];
      el.querySelector('.grade-bar span').style.width = `${g.graded ? (100 * total.parcels) / g.graded : 0}%`;
      el.querySelector('.grade-count').textContent = l.gradeRow(total.parcels, fmt(total.areaMu, 1));
    }
    const candidates = $('.dash-candidates');
    candidates.dataset.count = String(g.candidates.length);
    candidates.textContent = l.gradeCandidates(g.candidates.length, fmt(g.candidateFreeableMu, 1))
      + (g.notGraded ? l.gradeNotGraded(g.notGraded) : '');
    const th = g.thresholds;
    const note = $('.dash-grade-note');
    note.dataset.localSetting = String(th.localSetting);
    note.textContent = l.gradeThresholds(fmt(th.aTaxWanPerMu), fmt(th.bTaxWanPerMu), fmt(th.cTaxWanPerMu))
      + (th.localSetting ? l.gradeLocal : l.gradeSource(th.source));
  }

  function load() {
    const today = shanghaiToday();
    const year = Number(today.slice(0, 4));
    return run(() => Promise.all([
      api(query({ by: view.by, from: `${year - YEARS_SHOWN + 1}-01-01`, to: today })),
      api(query({ by: 'year', from: `${year}-01-01`, to: today })),
      loadRevitalisation(),
      loadCharts(),
    ]), ([series, thisYear, [rev, grades]]) => {
      data = { series, year: thisYear, rev, grades };
      render();
    });
  }

  /** Another year chosen: only the revitalisation figures and grades are asked again. */
  function reloadRevitalisation() {
    if (!data) return load();
    return run(loadRevitalisation, ([rev, grades]) => {
      Object.assign(data, { rev, grades });
      renderRevitalisation();
      renderGrades();
    });
  }

  function render() {
    if (!data) return;
    renderKpis();
    renderRevitalisation();
    renderGrades();
    $('.dash-absorption-title').textContent = s().dashAbsorptionTitle(view.by);
    $('.chart-absorption').setAttribute('aria-label', s().dashAbsorptionTitle(view.by));
    $('.chart-stock').setAttribute('aria-label', s().dashStockTitle);
    for (const b of root.querySelectorAll('.dash-metric button')) b.setAttribute('aria-pressed', String(b.dataset.metric === view.metric));
    charts.absorption.setOption(absorptionOption(), { notMerge: true });
    charts.stock.setOption(stockOption(), { notMerge: true });
    renderFilterChip();
  }

  /** A click anywhere in a period's column (a bar may be a few pixels high) filters the map to that period. */
  function onAbsorptionClick(e) {
    const periods = data?.series.periods ?? [];
    if (!charts.absorption.containPixel('grid', [e.offsetX, e.offsetY])) return;
    const index = charts.absorption.convertFromPixel({ xAxisIndex: 0 }, e.offsetX);
    const p = periods[Math.round(index)];
    if (!p) return;
    const current = store.get('absorbedPeriod');
    store.set('absorbedPeriod', current?.period === p.period ? null : { period: p.period, by: view.by, from: p.start, to: p.end });
  }

  $('.dash-zone').addEventListener('change', () => { view.zone = $('.dash-zone').value; view.revYear = ''; load(); });
  $('.dash-rev-year').addEventListener('change', () => { view.revYear = $('.dash-rev-year').value; reloadRevitalisation(); });
  $('.dash-by').addEventListener('change', () => { view.by = $('.dash-by').value; load(); });
  $('.dash-metric').addEventListener('click', (ev) => {
    const metric = ev.target.closest('button')?.dataset.metric;
    if (!metric || metric === view.metric) return;
    view.metric = metric;
    render();
  });
  for (const clear of [$('.dash-filter-clear'), document.getElementById('absorbed-filter-summary-clear')]) {
    clear?.addEventListener('click', () => store.set('absorbedPeriod', null));
  }
  $('.dash-close').addEventListener('click', () => store.set('dashboardOpen', false));
  const toggle = document.getElementById('dashboard-toggle');
  toggle.addEventListener('click', () => store.set('dashboardOpen', !store.get('dashboardOpen')));
  store.subscribe('absorbedPeriod', () => { if (data) render(); else renderFilterChip(); });

  // For browser tests: where on the screen a period's column is (ECharts draws on a canvas, not in the DOM).
  window.landmap = Object.assign(window.landmap ?? {}, {
    dashboardPoint(period) {
      const periods = data?.series.periods ?? [];
      const i = periods.findIndex((p) => p.period === period);
      if (i < 0 || !charts) return null;
      const box = $('.chart-absorption').getBoundingClientRect();
      const x = charts.absorption.convertToPixel({ xAxisIndex: 0 }, i);
      const y = charts.absorption.convertToPixel({ yAxisIndex: 0 }, 0) - 3; // just above the axis: inside the column
      return { x: box.left + x, y: box.top + y };
    },
  });

  /** Opens (and loads afresh: the figures change with every edit) or closes the dashboard. */
  function setShown(open) {
    shown = open;
    root.hidden = !open;
    toggle.setAttribute('aria-pressed', String(open));
    if (!open) return;
    applyTexts(root);
    fillSelects();
    load();
  }

  /** Signed in or out: staff and above see the dashboard; what the previous user saw is forgotten. */
  function applyRole() {
    data = null;
    seq++;
    charts?.absorption.dispose();
    charts?.stock.dispose();
    charts = null;
    for (const el of root.querySelectorAll('.kpi-main')) el.textContent = '—';
    view.revYear = '';
    for (const el of root.querySelectorAll('.dash-rev-sentence, .dash-rev-figures dd, .grade-count, .dash-candidates, .dash-grade-note')) el.textContent = '';
    toggle.hidden = !atLeast('staff');
    store.set('absorbedPeriod', null);
    store.set('dashboardOpen', false);
  }

  // The dashboard's width follows the window (and the phone's sheet): charts redraw to fit.
  new ResizeObserver(() => { charts?.absorption.resize(); charts?.stock.resize(); }).observe(root);
  store.subscribe('dashboardOpen', (open) => setShown(Boolean(open)));
  store.subscribe('role', applyRole);
  store.subscribe('lang', () => {
    applyTexts(root);
    fillSelects();
    renderFilterChip();
    if (shown) render();
  });
  toggle.hidden = !atLeast('staff');
}
