// The search box on the map (top left): parcels and factories by code, address or building name, zones and parks by name
// or code, with suggestions from GET /api/search as one types (the server sends only what the caller may see). Picking a
// suggestion (click, or arrows and Enter) zooms to it and opens its card; a zone or park is zoomed to. It follows the
// WAI-ARIA combobox pattern (an input owning a listbox) so it works from the keyboard and with a screen reader. Beside it,
// a button shares the page's address, which holds what the page shows (url-state.js).
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import * as store from '../store.js';
import { api, errorText } from '../api.js';
import { t } from '../i18n.js';
import { statusName, zoneName } from '../format.js';
import { html, setHtml } from '../html.js';

const DEBOUNCE_MS = 200;

/** `showResource(kind, code)`: zoom to a parcel or factory and open its card; `zoomToZone(code)`: fit a zone or park. */
export function initSearch(map, { showResource, zoomToZone }) {
  const control = L.control({ position: 'topleft' });
  const root = L.DomUtil.create('div', 'search-box');
  root.dataset.testid = 'search';
  root.setAttribute('role', 'search');
  setHtml(root, html`<div class="search-row"><input id="search-input" data-testid="search-input" type="search" autocomplete="off" spellcheck="false"
      role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="search-list" maxlength="100">
    <button id="share-link" data-testid="share-link" type="button" class="share-link"></button></div>
    <ul id="search-list" data-testid="search-list" role="listbox" hidden></ul>
    <p id="search-status" data-testid="search-status" class="search-status" role="status" hidden></p>`);
  control.onAdd = () => root;
  control.addTo(map);
  root.parentElement.prepend(root); // above the zoom buttons, where a search box is looked for
  L.DomEvent.disableClickPropagation(root);
  L.DomEvent.disableScrollPropagation(root);

  const input = root.querySelector('#search-input');
  const list = root.querySelector('#search-list');
  const status = root.querySelector('#search-status');
  const shareButton = root.querySelector('#share-link');
  let hits = [];
  let active = -1;
  let timer = 0;
  let pending = null;

  function label(hit) {
    if (hit.kind === 'zone' || hit.kind === 'park') {
      const name = store.get('lang') === 'en' ? hit.nameEn ?? hit.nameZh : hit.nameZh;
      return { title: name ?? hit.code, detail: `${t().search.kinds[hit.kind]} · ${hit.code}` };
    }
    const title = hit.kind === 'factory' && hit.nameZh ? `${hit.code} ${hit.nameZh}` : hit.code;
    const detail = [t().search.kinds[hit.kind], zoneName(hit.zone), hit.address, statusName(hit.status)].filter(Boolean).join(' · ');
    return { title, detail };
  }

  function render() {
    const open = hits.length > 0;
    list.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    setHtml(list, hits.map((hit, i) => {
      const { title, detail } = label(hit);
      return html`<li id="search-option-${i}" role="option" data-testid="search-option" data-kind="${hit.kind}" data-code="${hit.code}"
        aria-selected="${i === active ? 'true' : 'false'}" class="${i === active ? 'active' : ''}"><strong>${title}</strong><small>${detail}</small></li>`;
    }));
    if (active >= 0) input.setAttribute('aria-activedescendant', `search-option-${active}`);
    else input.removeAttribute('aria-activedescendant');
  }

  function say(text) {
    status.textContent = text ?? '';
    status.hidden = !text;
  }

  function close() {
    hits = [];
    active = -1;
    render();
  }

  async function suggest() {
    const text = input.value.trim();
    pending?.abort();
    if (!text) { close(); say(null); return; }
    pending = new AbortController();
    const { signal } = pending;
    try {
      const result = await api(`/api/search?${new URLSearchParams({ q: text })}`, { signal });
      if (signal.aborted) return;
      hits = result.items;
      active = hits.length ? 0 : -1;
      render();
      say(hits.length ? null : t().search.none);
      root.dataset.loaded = text; // for tests: the suggestions of this text are shown
    } catch (e) {
      if (signal.aborted) return;
      close();
      say(errorText(e));
    }
  }

  async function pick(i) {
    const hit = hits[i];
    if (!hit) return;
    input.value = label(hit).title;
    close();
    say(null);
    input.blur();
    try {
      if (hit.kind === 'zone' || hit.kind === 'park') zoomToZone(hit.code);
      else await showResource(hit.kind, hit.code);
    } catch (e) {
      say(errorText(e));
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (!hits.length) return;
      ev.preventDefault();
      active = (active + (ev.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length;
      render();
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      if (hits.length) pick(Math.max(active, 0));
      else { clearTimeout(timer); suggest(); }
    } else if (ev.key === 'Escape') {
      close();
    }
  });
  // A pointer pick happens on mousedown, before the input's blur closes the list.
  list.addEventListener('mousedown', (ev) => {
    const option = ev.target.closest('[role=option]');
    if (!option) return;
    ev.preventDefault();
    pick(Number(option.id.replace('search-option-', '')));
  });
  input.addEventListener('blur', () => setTimeout(close, 150));

  // The address is the share link (url-state.js): the phone's share sheet where there is one, else the clipboard; if
  // neither may be used, the link is shown to copy by hand.
  shareButton.addEventListener('click', async () => {
    const url = location.href;
    try {
      if (navigator.share && window.matchMedia('(pointer: coarse)').matches) {
        await navigator.share({ title: document.title, url });
        return;
      }
      await navigator.clipboard.writeText(url);
      say(t().search.copied);
    } catch (e) {
      if (e?.name === 'AbortError') return; // the share sheet was closed
      say(url);
    }
    setTimeout(() => say(null), 4000);
  });

  function renderTexts() {
    input.placeholder = t().search.placeholder;
    input.setAttribute('aria-label', t().search.label);
    shareButton.setAttribute('aria-label', t().search.share);
    shareButton.title = t().search.share;
    shareButton.textContent = t().search.shareButton;
    render();
  }
  store.subscribe('lang', renderTexts);
  renderTexts();
  return { input };
}
