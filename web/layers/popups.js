// Parcel and factory popups: the resource's fields as text (rows for values the caller is not sent are left out), and
// for staff and above the status history (GET /api/history/{kind}/{code}), fetched each time a popup opens. A click
// opens the popup unless `intercept(kind, feature)` takes it (the record panel, while its tab is open).
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { api, errorText } from '../api.js';
import { t } from '../i18n.js';
import { atLeast } from '../roles.js';
import { fmt, landUseLabel, measure, statusName, when, zoneName } from '../format.js';
import { html, setHtml } from '../html.js';

/** Newest history rows shown in a popup; older ones are counted, not listed. */
const HISTORY_ROWS = 8;

const canSeeHistory = () => atLeast('staff');

export function createPopups(map, { intercept = () => false } = {}) {
  /** A table row, or nothing when the value is missing (the public is not sent internal fields at all). */
  function row(label, value) {
    return value == null || value === '' ? '' : html`<tr><th>${label}</th><td>${value}</td></tr>`;
  }

  function parcelPopup(p) {
    const s = t(), u = s.units, l = s.p;
    const ledger = p.ledgerAreaMu == null ? null
      : html`${fmt(p.ledgerAreaMu)} ${u.mu}${p.areaMismatch ? html` <span class="warn" title="${l.mismatch}">⚠</span>` : ''}`;
    const plotRatio = p.plotRatioMin == null && p.plotRatioMax == null ? null : `${fmt(p.plotRatioMin, 1)} – ${fmt(p.plotRatioMax, 1)}`;
    const utilities = [p.water, p.gas, p.heat].every((b) => b == null) ? null : [p.water, p.gas, p.heat].map((b) => (b ? s.yes : s.no)).join(' / ');
    return html`<h4>${p.code}</h4><table>
      ${row(l.zone, zoneName(p.zone))}${row(l.address, p.address)}
      ${row(l.areaMu, measure(p.areaMu, 2, u.mu))}${row(l.ledgerAreaMu, ledger)}
      ${row(l.landUse, landUseLabel(p.landUse, p.landUseOriginal))}${row(l.status, statusName(p.status))}
      ${row(l.plotRatio, plotRatio)}
      ${row(l.buildingCoverageMin, measure(p.buildingCoverageMin, 0, '%'))}${row(l.greenRatioMax, measure(p.greenRatioMax, 0, '%'))}
      ${row(l.heightLimitM, measure(p.heightLimitM, 0, u.m))}
      ${row(l.minInvestmentWanPerMu, measure(p.minInvestmentWanPerMu, 0, u.wanPerMu))}
      ${row(l.minTaxWanPerMu, measure(p.minTaxWanPerMu, 0, u.wanPerMuYear))}
      ${row(l.industryChains, (p.industryChains ?? []).join('、'))}${row(l.powerKva, measure(p.powerKva, 0, u.kva))}
      ${row(l.utilities, utilities)}${row(l.readiness, p.readiness)}
      ${row(l.priceWanPerMu, measure(p.priceWanPerMu, 1, u.wanPerMu))}${row(l.ownership, p.ownership == null ? null : s.ownership[p.ownership] ?? p.ownership)}
      ${row(l.idleSince, p.idleSince)}${row(l.idleReason, p.idleReason)}${row(l.contact, p.contact)}
    </table>`;
  }

  function factoryPopup(p) {
    const s = t(), u = s.units, l = s.p;
    const vacant = p.vacantFloorM2 == null ? null : `${fmt(p.vacantFloorM2, 0)} ${u.m2}${p.vacancyRate == null ? '' : `（${fmt(p.vacancyRate * 100, 0)}%）`}`;
    return html`<h4>${p.code} ${p.name ?? ''}</h4><table>
      ${row(l.zone, zoneName(p.zone))}${row(l.address, p.address)}${row(l.status, statusName(p.status))}
      ${row(l.totalFloorM2, measure(p.totalFloorM2, 0, u.m2))}
      ${row(l.vacantFloorM2, vacant)}
      ${row(l.floors, p.floors)}${row(l.floorHeightM, measure(p.floorHeightM, 1, u.m))}
      ${row(l.floorLoadKnM2, measure(p.floorLoadKnM2, 0, u.kn))}${row(l.craneT, p.craneT == null ? null : p.craneT ? `${fmt(p.craneT, 0)} ${u.t}` : s.no)}
      ${row(l.powerKva, measure(p.powerKva, 0, u.kva))}
      ${row(l.rentYuanM2Month, measure(p.rentYuanM2Month, 1, u.rent))}
      ${row(l.salePriceYuanM2, measure(p.salePriceYuanM2, 0, u.sale))}
      ${row(l.contact, p.contact)}
    </table>`;
  }

  /** Status history shown in open popups, by "kind:code"; dropped when the popup closes, so each opening asks afresh. */
  const histories = new Map();

  /** The popup's element: the resource's fields, and for staff the status-history section (loading until it arrives). */
  function popupContent(kind, properties) {
    const el = document.createElement('div');
    el.className = 'popup';
    el.dataset.testid = 'popup';
    el.dataset.kind = kind;
    el.dataset.code = properties.code;
    const body = kind === 'parcel' ? parcelPopup(properties) : factoryPopup(properties);
    if (!canSeeHistory()) {
      setHtml(el, body);
      return el;
    }
    const history = histories.get(`${kind}:${properties.code}`);
    setHtml(el, html`${body}<section class="history" ${history ? html`data-loaded="true"` : ''}><h5>${t().historyTitle}</h5>${history ?? html`<p class="muted">${t().loading}</p>`}</section>`);
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

  function open(kind, feature, latlng) {
    const key = `${kind}:${feature.properties.code}`;
    const popup = L.popup({ maxWidth: 360 }).setLatLng(latlng).setContent(() => popupContent(kind, feature.properties));
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
