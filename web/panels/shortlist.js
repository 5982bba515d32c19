// The shortlist (候选清单): the resources an investor keeps aside to compare and print. Added from a resource's card
// (layers/popups.js), the list of what is shown (panels/list.js) and the match results (panels/match.js) through
// `addToShortlist(kind, feature)`. It lives in localStorage, so it survives a reload and the print sheet (sheet.html,
// another tab) reads the same list; the store's `shortlist` holds it for the page's modules. Only the kind, the code and
// the few properties the panel shows are kept: the comparison and the sheet ask the API for the resource afresh, so a
// resource that changed or is no longer offered shows as it is now.
import * as store from '../store.js';
import { lang, t } from '../i18n.js';
import { fmt, zoneName } from '../format.js';
import { html, setHtml } from '../html.js';

const STORAGE_KEY = 'landmap.shortlist';
/** More than this many is a list, not a shortlist (and would make localStorage a database). */
export const MAX_SHORTLIST = 20;
/** The comparison puts at most this many side by side (the issue's "up to 4"; a fifth column no longer fits a page). */
export const MAX_COMPARE = 4;
/** The properties kept for the panel's lines (everything else is asked afresh). */
const KEPT = ['code', 'zone', 'name', 'address', 'areaMu', 'landUse', 'vacantFloorM2', 'status'];

/** 'parcel' | 'factory': the match results say 'land' for a parcel, the collections say 'parcels' / 'factories'. */
export function kindOf(kind) {
  if (kind === 'parcel' || kind === 'land' || kind === 'parcels') return 'parcel';
  if (kind === 'factory' || kind === 'factories') return 'factory';
  return null;
}

function read() {
  try {
    const items = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(items) ? items.filter((i) => kindOf(i?.kind) && typeof i.code === 'string').slice(0, MAX_SHORTLIST) : [];
  } catch {
    return []; // a hand-edited or foreign value: start afresh rather than break the page
  }
}

function write(items) {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(items));
  store.set('shortlist', items);
}

/** The shortlisted resources, oldest first: [{ kind, code, properties, compare }]. */
export function shortlist() {
  return store.get('shortlist') ?? read();
}

export function inShortlist(kind, code) {
  return shortlist().some((i) => i.kind === kindOf(kind) && i.code === code);
}

/**
 * Adds a resource (a GeoJSON feature, or anything with `properties.code`) to the shortlist; true when it was added,
 * false when it was there already or the list is full. The first MAX_COMPARE are ticked for the comparison.
 */
export function addToShortlist(kind, feature) {
  const k = kindOf(kind);
  const p = feature?.properties ?? feature ?? {};
  if (!k || typeof p.code !== 'string' || !p.code) throw new Error(`addToShortlist: not a parcel or factory: ${kind}`);
  const items = shortlist();
  if (items.some((i) => i.kind === k && i.code === p.code) || items.length >= MAX_SHORTLIST) return false;
  const properties = Object.fromEntries(KEPT.filter((key) => p[key] != null).map((key) => [key, p[key]]));
  const compare = items.filter((i) => i.compare).length < MAX_COMPARE;
  write([...items, { kind: k, code: p.code, properties, compare }]);
  return true;
}

export function removeFromShortlist(kind, code) {
  write(shortlist().filter((i) => !(i.kind === kindOf(kind) && i.code === code)));
}

export function clearShortlist() {
  write([]);
}

/** Ticks or unticks a resource for the comparison; false when that would tick more than MAX_COMPARE. */
export function setCompared(kind, code, on) {
  const items = shortlist();
  if (on && items.filter((i) => i.compare).length >= MAX_COMPARE) return false;
  write(items.map((i) => (i.kind === kindOf(kind) && i.code === code ? { ...i, compare: on } : i)));
  return true;
}

/** The print sheet's address for these resources (sheet.html reads `items=parcel:CODE,factory:CODE`). */
export function sheetUrl(items) {
  // The page's language goes with it: a sheet opened from the English page is English whatever the browser remembers.
  return `/sheet.html?${new URLSearchParams({ items: items.map((i) => `${i.kind}:${i.code}`).join(','), lang: lang() })}`;
}

/**
 * The shortlist panel in `root`: one line per resource (its code, zone and size; a tick for the comparison; remove),
 * and the buttons that compare the ticked ones, print the sheet of all, and empty the list. `onShow(kind, code)` zooms
 * to a resource and opens its card; `onCompare(items)` opens the comparison.
 */
export function initShortlist({ root, onShow = () => {}, onCompare = () => {} }) {
  store.set('shortlist', read());

  function line(i) {
    const s = t(), p = i.properties ?? {};
    const size = i.kind === 'parcel' ? (p.areaMu == null ? '' : `${fmt(p.areaMu)} ${s.units.mu}`)
      : (p.vacantFloorM2 == null ? '' : `${fmt(p.vacantFloorM2, 0)} ${s.units.m2}`);
    const full = !i.compare && shortlist().filter((x) => x.compare).length >= MAX_COMPARE;
    return html`<li data-testid="shortlist-item" data-kind="${i.kind}" data-code="${i.code}">
      <label class="compare-tick" title="${s.sheet.compareTick}"><input type="checkbox" data-action="compare" ${i.compare ? html`checked` : ''} ${full ? html`disabled` : ''} aria-label="${s.sheet.compareTickFor(i.code)}"></label>
      <button type="button" class="link" data-action="show">${i.code}</button>
      <span class="what">${i.kind === 'parcel' ? s.sheet.parcel : s.sheet.factory} · ${zoneName(p.zone) ?? ''}${size ? ` · ${size}` : ''}</span>
      <button type="button" class="remove" data-action="remove" aria-label="${s.sheet.removeFor(i.code)}" title="${s.sheet.remove}">×</button>
    </li>`;
  }

  function render() {
    const s = t();
    const items = shortlist();
    const compared = items.filter((i) => i.compare);
    setHtml(root, html`<h3 id="shortlist-title">${s.sheet.title} <small data-testid="shortlist-count">${items.length}</small></h3>
      ${items.length === 0 ? html`<p class="hint">${s.sheet.empty}</p>` : html`<ul class="shortlist">${items.map(line)}</ul>
      <div class="shortlist-actions">
        <button type="button" data-action="compare-open" data-testid="shortlist-compare" ${compared.length < 2 ? html`disabled` : ''}>${s.sheet.compare(compared.length)}</button>
        <a class="button" data-testid="shortlist-print" href="${sheetUrl(items)}" target="_blank" rel="noopener">${s.sheet.printAll}</a>
        <button type="button" data-action="clear" data-testid="shortlist-clear">${s.sheet.clear}</button>
      </div>`}`);
  }

  root.addEventListener('click', (ev) => {
    const target = ev.target.closest('[data-action]');
    if (!target) return;
    const li = target.closest('li[data-code]');
    const { kind, code } = li?.dataset ?? {};
    switch (target.dataset.action) {
      case 'show': onShow(kind, code); break;
      case 'remove': removeFromShortlist(kind, code); break;
      case 'clear': clearShortlist(); break;
      case 'compare-open': onCompare(shortlist().filter((i) => i.compare)); break;
      default: break;
    }
  });
  root.addEventListener('change', (ev) => {
    const box = ev.target.closest('input[data-action=compare]');
    const li = box?.closest('li[data-code]');
    if (li && !setCompared(li.dataset.kind, li.dataset.code, box.checked)) box.checked = false;
  });
  // Another tab (e.g. a second map, or the sheet) changed it.
  window.addEventListener('storage', (ev) => { if (ev.key === STORAGE_KEY) store.set('shortlist', read()); });
  store.subscribe('shortlist', render);
  store.subscribe('lang', render);
  store.subscribe('zones', render);
  render();
  return { render };
}
