// Parcel and factory popups: the resource's fields as text (rows for values the caller is not sent are left out), and
// for staff and above the status history (GET /api/history/{kind}/{code}), fetched each time a popup opens. A click
// opens the popup unless `intercept(kind, feature)` takes it (the record panel, while its tab is open). Every card can add
// its resource to the shortlist and open its print sheet; the contact's numbers and addresses are tel:/mailto: links.
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { api, errorText } from '../api.js';
import { t } from '../i18n.js';
import { atLeast } from '../roles.js';
import { statusName, when } from '../format.js';
import { factsOf, titleOf } from '../panels/resource-facts.js';
import { addToShortlist, inShortlist, sheetUrl } from '../panels/shortlist.js';
import { html, setHtml } from '../html.js';
import { cardPadding } from './cards-in-sight.js';

/** A card's widest (px; Leaflet's maxWidth). */
const MAX_WIDTH = 360;

/** Newest history rows shown in a popup; older ones are counted, not listed. */
const HISTORY_ROWS = 8;

const canSeeHistory = () => atLeast('staff');

export function createPopups(map, { intercept = () => false } = {}) {
  /** The resource's facts as table rows (panels/resource-facts.js leaves out what the caller was not sent). */
  function rows(kind, p) {
    return factsOf(kind, p).map((f) => html`<tr><th>${f.label}</th><td>${f.value}</td></tr>`);
  }

  /** The card's actions: add to (or show it is in) the shortlist, and its print sheet. */
  function actions(kind, p) {
    const s = t().sheet;
    const listed = inShortlist(kind, p.code);
    return html`<div class="card-actions">
      <button type="button" data-action="shortlist" data-testid="card-shortlist" ${listed ? html`disabled` : ''}>${listed ? s.added : s.add}</button>
      <a class="button" data-testid="card-print" href="${sheetUrl([{ kind, code: p.code }])}" target="_blank" rel="noopener">${s.print}</a>
    </div>`;
  }

  function body(kind, p) {
    return html`<h4>${titleOf(kind, p)}</h4><table>${rows(kind, p)}</table>${actions(kind, p)}`;
  }

  /** Status history shown in open popups, by "kind:code"; dropped when the popup closes, so each opening asks afresh. */
  const histories = new Map();

  /** The popup's element: the resource's fields, and for staff the status-history section (loading until it arrives). */
  function popupContent(kind, properties) {
    const el = document.createElement('div');
    el.addEventListener('click', (ev) => {
      const button = ev.target.closest('[data-action=shortlist]');
      if (!button) return;
      addToShortlist(kind, { properties });
      button.disabled = true;
      button.textContent = t().sheet.added;
    });
    el.className = 'popup';
    el.dataset.testid = 'popup';
    el.dataset.kind = kind;
    el.dataset.code = properties.code;
    if (!canSeeHistory()) {
      setHtml(el, body(kind, properties));
      return el;
    }
    const history = histories.get(`${kind}:${properties.code}`);
    setHtml(el, html`${body(kind, properties)}<section class="history" ${history ? html`data-loaded="true"` : ''}><h5>${t().historyTitle}</h5>${history ?? html`<p class="muted">${t().loading}</p>`}</section>`);
    return el;
  }

  function historyTable(entries) {
    const s = t();
    if (!entries.length) return html`<p class="muted">${s.historyNone}</p>`;
    const newest = entries.slice(-HISTORY_ROWS).reverse();
    const rows = newest.map((h) => html`<tr><td>${when(h.changedAt)}</td><td>${h.fromStatus ? statusName(h.fromStatus) : '—'} → ${statusName(h.toStatus)}</td><td>${h.changedBy}</td></tr>
      ${h.note ? html`<tr class="note"><td></td><td colspan="2">${h.note}</td></tr>` : ''}`);
    const older = entries.length - newest.length;
    return html`<table>${rows}</table>${older > 0 ? html`<p class="muted">${s.historyOlder(older)}</p>` : ''}`;
  }

  /** Fetches the status history when a staff member opens a popup; the popup is then redrawn with it, as text. */
  async function loadHistory(popup, kind, code) {
    const key = `${kind}:${code}`;
    let piece;
    try {
      piece = historyTable(await api(`/api/history/${kind}/${encodeURIComponent(code)}`));
    } catch (e) {
      piece = html`<p class="error">${errorText(e)}</p>`;
    }
    if (!popup.isOpen()) return;
    histories.set(key, piece);
    popup.update();
  }

  /** `autoPan: false`: the card opens where it is, the map does not move (layers/focus.js, for a shared link's view). */
  function open(kind, feature, latlng, { autoPan = true } = {}) {
    const key = `${kind}:${feature.properties.code}`;
    // The controls that can cover the card are those across the column it opens in (centred on its anchor, at most
    // maxWidth wide): a card under the search row but beside the mini map has the map's height less the search row.
    const at = map.latLngToContainerPoint(latlng);
    const left = map.getContainer().getBoundingClientRect().left + at.x;
    const column = { left: left - MAX_WIDTH / 2, right: left + MAX_WIDTH / 2 };
    const popup = L.popup({ maxWidth: MAX_WIDTH, autoPan, ...cardPadding(map, column) }).setLatLng(latlng).setContent(() => popupContent(kind, feature.properties));
    popup.on('remove', () => histories.delete(key));
    popup.openOn(map);
    if (canSeeHistory()) loadHistory(popup, kind, feature.properties.code);
  }

  function bindResourcePopup(kind, feature, layer) {
    layer.feature = feature;
    layer.on('click', (e) => {
      if (!intercept(kind, feature)) open(kind, feature, e.latlng);
    });
  }

  return { bind: bindResourcePopup, open }; // open: a card asked for by name (layers/focus.js)
}
