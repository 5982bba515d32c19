// The comparison (资源对比): up to MAX_COMPARE shortlisted resources side by side in a dialog, one column each, one row per
// fact (panels/resource-facts.js) any of them has, grouped as on the sheet. Each resource is asked for afresh, so the
// columns show what the API says now; one the caller may no longer see (taken, or not public) says so in its column.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { html, setHtml } from '../html.js';
import * as store from '../store.js';
import { GROUPS, factsOf, titleOf } from './resource-facts.js';
import { MAX_COMPARE, sheetUrl } from './shortlist.js';

const COLLECTIONS = { parcel: 'parcels', factory: 'factories' };

/** The resource as the API gives it now: its feature, or null when it is not found or not ours to see. */
export async function fetchResource(kind, code) {
  try {
    return await api(`/collections/${COLLECTIONS[kind]}/items/${encodeURIComponent(code)}`);
  } catch (e) {
    if (e.status === 404 || e.status === 403) return null;
    throw e;
  }
}

/** `dialog`: the page's <dialog> for it. open(items) compares the first MAX_COMPARE of `items` ({ kind, code }). */
export function initCompare({ dialog }) {
  let shown = null; // [{ kind, code, feature }] of the open comparison, for a redraw in the other language

  function table(columns) {
    const s = t();
    const facts = columns.map((c) => (c.feature ? factsOf(c.kind, c.feature.properties) : []));
    // Every fact any column has, in the groups' order and, within a group, in the order the resources list them.
    const rows = [];
    for (const group of GROUPS) {
      for (const list of facts) {
        for (const f of list) {
          if (f.group === group && !rows.some((r) => r.key === f.key)) rows.push({ key: f.key, label: f.label, group });
        }
      }
    }
    const cell = (i, key) => facts[i].find((f) => f.key === key)?.value ?? '—';
    let lastGroup = null;
    const body = rows.map((r) => {
      const heading = r.group !== lastGroup ? html`<tr class="group"><th colspan="${columns.length + 1}" scope="colgroup">${s.sheet.groups[r.group]}</th></tr>` : '';
      lastGroup = r.group;
      return html`${heading}<tr data-key="${r.key}"><th scope="row">${r.label}</th>${columns.map((c, i) => html`<td>${cell(i, r.key)}</td>`)}</tr>`;
    });
    return html`<table class="compare" data-testid="compare-table">
      <thead><tr><th scope="col">${s.sheet.field}</th>${columns.map((c) => html`<th scope="col" data-code="${c.code}">${c.feature ? titleOf(c.kind, c.feature.properties) : c.code}
        <small>${c.kind === 'parcel' ? s.sheet.parcel : s.sheet.factory}${c.feature ? '' : html` · ${s.sheet.gone}`}</small></th>`)}</tr></thead>
      <tbody>${body}</tbody></table>`;
  }

  function render() {
    if (!shown) return;
    const s = t();
    setHtml(dialog, html`<div class="compare-head"><h2 id="compare-title">${s.sheet.compareTitle}</h2>
      <a class="button" data-testid="compare-print" href="${sheetUrl(shown)}" target="_blank" rel="noopener">${s.sheet.print}</a>
      <button type="button" data-action="close" data-testid="compare-close">${s.sheet.close}</button></div>
      <div class="compare-scroll">${table(shown)}</div>`);
  }

  async function open(items) {
    const chosen = items.slice(0, MAX_COMPARE);
    const features = await Promise.all(chosen.map((i) => fetchResource(i.kind, i.code)));
    shown = chosen.map((i, n) => ({ kind: i.kind, code: i.code, feature: features[n] }));
    render();
    if (!dialog.open) dialog.showModal();
  }

  dialog.addEventListener('click', (ev) => {
    if (ev.target.closest('[data-action=close]') || ev.target === dialog) dialog.close(); // a click on the backdrop closes too
  });
  dialog.addEventListener('close', () => { shown = null; });
  store.subscribe('lang', render);
  return { open };
}
