// The legend below the side panel's tabs: the statuses the caller may see, each with its colour and outline dash (as the
// map draws them: layers/parcels.js) and how many parcels and factories the current filters show in it (from the
// totals /api/stats gives the page: the store's `stats`); factory vacancy classes; zone outlines.
import * as store from '../store.js';
import { t } from '../i18n.js';
import { fmt, statusName } from '../format.js';
import { STATUS_COLORS, STATUS_DASH } from '../layers/parcels.js';
import { VACANCY_STEPS } from '../layers/factories.js';
import { swatch } from './filters.js';
import { atLeast } from '../roles.js';
import { html, setHtml } from '../html.js';

/** A status's swatch: its fill and its outline dash, drawn as the map draws a parcel. */
export function statusSwatch(status) {
  const dash = STATUS_DASH[status];
  return html`<svg class="status-swatch" width="22" height="14" viewBox="0 0 22 14" aria-hidden="true"><rect x="1" y="1" width="20" height="12"
    fill="${STATUS_COLORS[status] ?? '#999'}" fill-opacity="0.7" stroke="#333" stroke-width="${dash ? 1.6 : 1}" ${dash ? html`stroke-dasharray="${dash}"` : ''}/></svg>`;
}

export function initLegend() {
  const element = document.getElementById('legend');

  /** "12 宗 · 3 栋" for a status under the current filters; '—' while they load or after a failure (unknown, not 0). */
  function counts(status, stats) {
    const s = t().sheet;
    if (!stats) return html`<span class="count" data-testid="legend-count">—</span>`;
    const n = (list) => (list ?? []).find((g) => g.key === status)?.count ?? 0;
    const parcels = n(stats.parcels?.byStatus), factories = n(stats.factories?.byStatus);
    return html`<span class="count${parcels + factories === 0 ? ' none' : ''}" data-testid="legend-count" data-parcels="${parcels}" data-factories="${factories}">${s.countUnit(fmt(parcels, 0))} · ${s.factoryCountUnit(fmt(factories, 0))}</span>`;
  }

  function render() {
    const config = store.get('config');
    if (!config) return;
    const s = t();
    const stats = store.get('stats');
    setHtml(element, html`<h3>${s.legendParcels}</h3><p class="legend-note">${s.sheet.legendCounts}</p>
      ${config.statuses.map((st) => html`<div class="legend-status" data-testid="legend-status" data-status="${st}">${statusSwatch(st)}<span class="name">${statusName(st)}</span>${counts(st, stats)}</div>`)}
      <h3>${s.legendFactories}</h3>${VACANCY_STEPS.map(([min, c]) => html`<div>${swatch(c)}≥ ${min * 100}%</div>`)}
      ${atLeast('staff') ? html`<div><span class="swatch stale-swatch"></span>${s.legendStale}</div>` : ''}
      <h3>${s.zones}</h3><div><span class="swatch zone-swatch"></span>${s.zones}</div>`);
  }

  store.subscribe('lang', render);
  store.subscribe('config', render);
  store.subscribe('role', render);
  store.subscribe('stats', render);
  return { render };
}
