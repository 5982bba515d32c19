// 闲置预警: supplied parcels nearing one full year past the agreed start without a start (GET /api/idle-land/warnings),
// soonest first, with the days left and the rule. A click zooms the map to the parcel and opens its idle-land detail.
import { api, errorText } from '../../api.js';
import { html, setHtml } from '../../html.js';
import { zoneName } from '../../format.js';
import { s, citation } from './common.js';

const DAY_CHOICES = [30, 90, 180, 365];

export async function showWarnings(el, ctx) {
  const days = ctx.state.warningDays ?? 90;
  setHtml(el, html`<div class="rv-toolbar"><label><span>${s().warnDays}</span>
      <select class="rv-days" data-testid="rv-warn-days">${DAY_CHOICES.map((d) => html`<option value="${d}" ${d === days ? html`selected` : ''}>${s().daysN(d)}</option>`)}</select></label></div>
    <p class="hint">${s().warnHint}</p><p class="loading">${s().loading}</p>`);
  el.querySelector('.rv-days').addEventListener('change', (ev) => { ctx.state.warningDays = Number(ev.target.value); ctx.rerender(); });
  const params = new URLSearchParams({ days: String(days) });
  if (ctx.zone()) params.set('zone', ctx.zone());
  let list;
  try {
    list = await api(`/api/idle-land/warnings?${params}`);
  } catch (e) {
    el.querySelector('.loading').replaceWith(Object.assign(document.createElement('p'), { className: 'error', textContent: errorText(e) }));
    return;
  }
  const box = document.createElement('div');
  setHtml(box, html`<p class="rv-count" data-testid="rv-warn-count">${s().warnCount(list.items.length)}</p>
    <ul class="rv-list" data-testid="rv-warnings">${list.items.length ? list.items.map((w) => html`<li>
      <button type="button" class="rv-item" data-code="${w.code}" data-testid="rv-warning">
        <span class="rv-line"><b>${w.code}</b><span class="rv-days-left ${w.daysLeft <= 30 ? 'rv-urgent' : ''}" data-testid="rv-days-left">${s().daysLeft(w.daysLeft)}</span></span>
        <span class="rv-meta">${zoneName(w.zoneCode)} · ${s().agreedStart} ${w.agreedStartOn} · ${s().idleOn} ${w.idleOn}</span>
        <span class="rv-meta">${citation(w.rule)}</span>
      </button></li>`) : html`<li class="muted">${s().warnNone}</li>`}</ul>`);
  el.querySelector('.loading').replaceWith(box);
  box.addEventListener('click', (ev) => {
    const item = ev.target.closest('.rv-item');
    if (!item) return;
    ctx.showParcel(item.dataset.code);
    ctx.go('idle', item.dataset.code);
  });
}

