// Phones (up to 700 px wide): the map fills the screen and the side panel (filters, totals, results, matching, every tab)
// is a bottom sheet over it. It rests at one of three heights: 'peek' (the handle and the totals), 'half' and 'full'. The
// handle is a button: a tap or Enter/Space opens the sheet halfway or closes it to the peek; ↑/↓ move a step, Home/End go
// to the ends; dragging it (pointer events: finger, pen or mouse) moves the sheet with the finger and lets it settle at the
// nearest height. Wider screens keep the panel beside the map and the handle is not shown. The sheet's height is the CSS
// variable --sheet-height on <main>, which also lifts the map's bottom controls above the sheet.
import { t } from '../i18n.js';
import * as store from '../store.js';

export const PHONE_QUERY = '(max-width: 700px)';
const STATES = ['peek', 'half', 'full'];
/** A press that moves less than this (px) is a tap, not a drag. */
const DRAG_SLOP = 6;

/** `map`: the Leaflet map (a card opened on it lowers the sheet so it is not hidden). */
export function initBottomSheet({ map }) {
  const panel = document.getElementById('panel');
  const main = panel.parentElement;
  const handle = document.getElementById('sheet-handle');
  const phone = window.matchMedia(PHONE_QUERY);
  let state = 'peek';

  /** The sheet's height for a state, in px, from the room <main> has now. */
  function heightOf(name) {
    const room = main.clientHeight;
    const summary = document.getElementById('summary');
    const peek = handle.offsetHeight + (summary && !summary.hidden ? summary.offsetHeight + 10 : 0) + 16;
    return { peek: Math.min(peek, room * 0.4), half: room * 0.5, full: room - 40 }[name];
  }

  function setHeight(px) {
    main.style.setProperty('--sheet-height', `${Math.round(px)}px`);
  }

  /** Its name is its visible text (WCAG 2.5.3); aria-expanded says whether it is up, the title how to move it. */
  function label() {
    const s = t().phone;
    handle.querySelector('.sheet-label').textContent = s.handle;
    handle.title = s.hint;
  }

  function go(name) {
    state = name;
    panel.dataset.sheet = name;
    handle.setAttribute('aria-expanded', String(name !== 'peek'));
    if (name === 'peek') panel.scrollTop = 0;
    setHeight(heightOf(name));
    label();
  }

  function step(delta) {
    go(STATES[Math.max(0, Math.min(STATES.length - 1, STATES.indexOf(state) + delta))]);
  }

  /** Phone or not: the sheet, or the panel beside the map as before. */
  function layout() {
    if (phone.matches) {
      handle.hidden = false;
      go(state);
    } else {
      handle.hidden = true;
      delete panel.dataset.sheet;
      main.style.removeProperty('--sheet-height');
    }
  }

  // Dragging: the sheet follows the pointer; on release it settles at the nearest height.
  let drag = null;
  handle.addEventListener('pointerdown', (ev) => {
    if (!phone.matches || (ev.pointerType === 'mouse' && ev.button !== 0)) return;
    drag = { id: ev.pointerId, y: ev.clientY, height: panel.getBoundingClientRect().height, moved: false };
    handle.setPointerCapture(ev.pointerId);
  });
  handle.addEventListener('pointermove', (ev) => {
    if (!drag || ev.pointerId !== drag.id) return;
    const dy = drag.y - ev.clientY;
    if (!drag.moved && Math.abs(dy) < DRAG_SLOP) return;
    drag.moved = true;
    panel.classList.add('dragging');
    setHeight(Math.max(heightOf('peek'), Math.min(heightOf('full'), drag.height + dy)));
  });
  const release = (ev) => {
    if (!drag || ev.pointerId !== drag.id) return;
    const moved = drag.moved;
    drag = null;
    panel.classList.remove('dragging');
    if (!moved) return; // a tap: the click that follows toggles
    const now = panel.getBoundingClientRect().height;
    const nearest = STATES.reduce((a, b) => (Math.abs(heightOf(a) - now) <= Math.abs(heightOf(b) - now) ? a : b));
    go(nearest);
    handle.dataset.dragged = '1'; // the click after a drag is not a tap
  };
  handle.addEventListener('pointerup', release);
  handle.addEventListener('pointercancel', release);

  handle.addEventListener('click', () => {
    if (handle.dataset.dragged) {
      delete handle.dataset.dragged;
      return;
    }
    go(state === 'peek' ? 'half' : 'peek');
  });
  handle.addEventListener('keydown', (ev) => {
    const moves = { ArrowUp: () => step(1), ArrowDown: () => step(-1), Home: () => go('full'), End: () => go('peek'), PageUp: () => step(1), PageDown: () => step(-1) };
    if (!moves[ev.key]) return;
    ev.preventDefault();
    moves[ev.key]();
  });

  // A card opened on the map: lower the sheet so the card and its resource are in sight.
  map.on('popupopen', () => { if (phone.matches && state !== 'peek') go('peek'); });
  // Choosing a tab means working in the sheet: raise it if it is down.
  store.subscribe('tab', () => { if (phone.matches && state === 'peek' && document.activeElement?.getAttribute('role') === 'tab') go('half'); });
  phone.addEventListener('change', layout);
  window.addEventListener('resize', () => { if (phone.matches && !drag) setHeight(heightOf(state)); });
  // The totals' height changes with the language and the role (the peek shows them whole).
  store.subscribe('lang', () => { label(); if (phone.matches) setHeight(heightOf(state)); });
  layout();
  return { go, state: () => state };
}
