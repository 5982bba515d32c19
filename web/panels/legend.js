// The legend below the side panel's tabs: parcel statuses the caller may see, factory vacancy classes, zone outlines.
import * as store from '../store.js';
import { t } from '../i18n.js';
import { statusName } from '../format.js';
import { STATUS_COLORS } from '../layers/parcels.js';
import { VACANCY_STEPS } from '../layers/factories.js';
import { swatch } from './filters.js';
import { atLeast } from '../roles.js';
import { html, setHtml } from '../html.js';

export function initLegend() {
  const element = document.getElementById('legend');

  function render() {
    const config = store.get('config');
    if (!config) return;
    const s = t();
    setHtml(element, html`<h3>${s.legendParcels}</h3>${config.statuses.map((st) => html`<div>${swatch(STATUS_COLORS[st])}${statusName(st)}</div>`)}
      <h3>${s.legendFactories}</h3>${VACANCY_STEPS.map(([min, c]) => html`<div>${swatch(c)}≥ ${min * 100}%</div>`)}
      ${atLeast('staff') ? html`<div><span class="swatch stale-swatch"></span>${s.legendStale}</div>` : ''}
      <h3>${s.zones}</h3><div><span class="swatch zone-swatch"></span>${s.zones}</div>`);
  }

  store.subscribe('lang', render);
  store.subscribe('config', render);
  store.subscribe('role', render);
  return { render };
}
