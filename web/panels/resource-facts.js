// What a parcel or factory is, as labelled values with their units: the one definition the card (layers/popups.js), the
// comparison (panels/compare.js) and the print sheet (sheet.js) share. Each fact belongs to a group (key figures,
// land-use indicators, infrastructure, price, contact, staff-only record) so the sheet can put headings over them.
// Values are text or html`` pieces (the contact's tel:/mailto: links); a fact whose value the caller was not sent (the
// public gets no internal fields) is left out.
import { t } from '../i18n.js';
import { chainName, fmt, landUseLabel, measure, money, readinessName, statusName, zoneName } from '../format.js';
import { html } from '../html.js';

/** The groups in the order the sheet prints them. */
export const GROUPS = ['key', 'indicators', 'infrastructure', 'price', 'contact', 'record'];

// A telephone number as written in ledgers: an optional +86, an area code, and a number, with spaces or dashes
// ("0532-81234567", "+86 531 8888 1234", "13912345678"); 7 digits at least so a year or a lot number is not one.
const PHONE = /\+?\d[\d\s-]{5,}\d/g;
// An e-mail address (the common form; RFC 5322's full grammar is not needed to recognise one in a contact line).
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/**
 * A contact line with its telephone numbers as tel: links and its e-mail addresses as mailto: links; the rest is text.
 * tel: carries the digits only (RFC 3966 allows visual separators, but some phones dial only the digits).
 */
export function contactLinks(text) {
  if (text == null || text === '') return null;
  const s = String(text);
  const found = [...s.matchAll(EMAIL)].map((m) => ({ at: m.index, text: m[0], href: `mailto:${m[0]}` }));
  for (const m of s.matchAll(PHONE)) {
    const digits = m[0].replace(/[\s-]/g, '');
    if (digits.replace('+', '').length < 7 || found.some((f) => m.index < f.at + f.text.length && f.at < m.index + m[0].length)) continue;
    found.push({ at: m.index, text: m[0], href: `tel:${digits}` });
  }
  found.sort((a, b) => a.at - b.at);
  const parts = [];
  let from = 0;
  for (const f of found) {
    parts.push(s.slice(from, f.at), html`<a href="${f.href}" data-testid="${f.href.startsWith('tel:') ? 'tel-link' : 'mail-link'}">${f.text}</a>`);
    from = f.at + f.text.length;
  }
  parts.push(s.slice(from));
  return html`${parts}`;
}

const fact = (group, key, label, value) => ({ group, key, label, value });

/** A parcel's facts: [{ group, key, label, value }], the missing ones left out. */
export function parcelFacts(p) {
  const s = t(), u = s.units, l = s.p;
  const ledger = p.ledgerAreaMu == null ? null
    : html`${fmt(p.ledgerAreaMu)} ${u.mu}${p.areaMismatch ? html` <span class="warn" title="${l.mismatch}">⚠</span>` : ''}`;
  const plotRatio = p.plotRatioMin == null && p.plotRatioMax == null ? null : `${fmt(p.plotRatioMin, 1)} – ${fmt(p.plotRatioMax, 1)}`;
  const utilities = [p.water, p.gas, p.heat].every((b) => b == null) ? null : [p.water, p.gas, p.heat].map((b) => (b ? s.yes : s.no)).join(' / ');
  return [
    fact('key', 'zone', l.zone, zoneName(p.zone)), fact('key', 'address', l.address, p.address),
    fact('key', 'areaMu', l.areaMu, measure(p.areaMu, 2, u.mu)), fact('record', 'ledgerAreaMu', l.ledgerAreaMu, ledger),
    fact('key', 'landUse', l.landUse, landUseLabel(p.landUse, p.landUseOriginal)), fact('key', 'status', l.status, statusName(p.status)),
    fact('indicators', 'plotRatio', l.plotRatio, plotRatio),
    fact('indicators', 'buildingCoverageMin', l.buildingCoverageMin, measure(p.buildingCoverageMin, 0, '%')),
    fact('indicators', 'greenRatioMax', l.greenRatioMax, measure(p.greenRatioMax, 0, '%')),
    fact('indicators', 'heightLimitM', l.heightLimitM, measure(p.heightLimitM, 0, u.m)),
    fact('indicators', 'minInvestmentWanPerMu', l.minInvestmentWanPerMu, money(p.minInvestmentWanPerMu, 0, 'mu')),
    fact('indicators', 'minTaxWanPerMu', l.minTaxWanPerMu, money(p.minTaxWanPerMu, 0, 'muYear')),
    fact('indicators', 'industryChains', l.industryChains, (p.industryChains ?? []).map(chainName).join(s.listSep)),
    fact('infrastructure', 'powerKva', l.powerKva, measure(p.powerKva, 0, u.kva)),
    fact('infrastructure', 'utilities', l.utilities, utilities), fact('infrastructure', 'readiness', l.readiness, readinessName(p.readiness)),
    fact('price', 'priceWanPerMu', l.priceWanPerMu, money(p.priceWanPerMu, 1, 'mu')),
    fact('record', 'ownership', l.ownership, p.ownership == null ? null : s.ownership[p.ownership] ?? p.ownership),
    fact('record', 'idleSince', l.idleSince, p.idleSince), fact('record', 'idleReason', l.idleReason, p.idleReason),
    fact('contact', 'contact', l.contact, contactLinks(p.contact)),
  ].filter((f) => f.value != null && f.value !== '');
}

/** A factory's facts, as parcelFacts. */
export function factoryFacts(p) {
  const s = t(), u = s.units, l = s.p;
  const vacant = p.vacantFloorM2 == null ? null : `${fmt(p.vacantFloorM2, 0)} ${u.m2}${p.vacancyRate == null ? '' : s.lang.aside(`${fmt(p.vacancyRate * 100, 0)}%`)}`;
  return [
    fact('key', 'zone', l.zone, zoneName(p.zone)), fact('key', 'address', l.address, p.address), fact('key', 'status', l.status, statusName(p.status)),
    fact('key', 'totalFloorM2', l.totalFloorM2, measure(p.totalFloorM2, 0, u.m2)),
    fact('key', 'vacantFloorM2', l.vacantFloorM2, vacant),
    fact('indicators', 'floors', l.floors, p.floors), fact('indicators', 'floorHeightM', l.floorHeightM, measure(p.floorHeightM, 1, u.m)),
    fact('indicators', 'floorLoadKnM2', l.floorLoadKnM2, measure(p.floorLoadKnM2, 0, u.kn)),
    fact('indicators', 'craneT', l.craneT, p.craneT == null ? null : p.craneT ? `${fmt(p.craneT, 0)} ${u.t}` : s.no),
    fact('infrastructure', 'powerKva', l.powerKva, measure(p.powerKva, 0, u.kva)),
    fact('price', 'rentYuanM2Month', l.rentYuanM2Month, measure(p.rentYuanM2Month, 1, u.rent)),
    fact('price', 'salePriceYuanM2', l.salePriceYuanM2, measure(p.salePriceYuanM2, 0, u.sale)),
    fact('contact', 'contact', l.contact, contactLinks(p.contact)),
  ].filter((f) => f.value != null && f.value !== '');
}

/** The facts of a resource of either kind ('parcel' | 'factory'). */
export function factsOf(kind, properties) {
  return kind === 'parcel' ? parcelFacts(properties) : factoryFacts(properties);
}

/** A resource's title line: its code, and a factory's name. */
export function titleOf(kind, p) {
  return kind === 'factory' && p.name ? `${p.code} ${p.name}` : p.code;
}
