// The side panel's tabs, read from the page: each tab is a button with role="tab", data-tab="NAME" and
// data-min-role="ROLE" (who may use it); the elements of its panel carry data-tab-panel="NAME" (the legend stays in every
// tab). A new panel needs only its markup. The tab bar is shown only when there is a choice; a tab the caller may no
// longer use (after sign-out) falls back to the first. The open tab is the store's `tab`.
import * as store from '../store.js';
import { atLeast } from '../roles.js';

export function initTabs() {
  const bar = document.querySelector('[role=tablist]');
  const buttons = () => [...bar.querySelectorAll('[role=tab][data-tab]')];
  const first = () => buttons()[0].dataset.tab;

  function show(name) {
    for (const button of buttons()) {
      const active = button.dataset.tab === name;
      button.classList.toggle('active', active);
      button.setAttribute('aria-selected', String(active));
      button.tabIndex = active ? 0 : -1;
    }
    document.querySelectorAll('[data-tab-panel]').forEach((el) => { el.hidden = el.dataset.tabPanel !== name; });
    store.set('tab', name);
  }

  /** Shows the tabs the signed-in role may use. */
  function applyRole() {
    let choices = 0;
    for (const button of buttons()) {
      button.hidden = !atLeast(button.dataset.minRole ?? 'public');
      if (!button.hidden) choices++;
    }
    bar.hidden = choices < 2;
    const current = buttons().find((b) => b.dataset.tab === store.get('tab'));
    if (!current || current.hidden) show(first());
  }

  bar.addEventListener('click', (ev) => {
    const button = ev.target.closest('[role=tab][data-tab]');
    if (button) show(button.dataset.tab);
  });
  // Arrow keys move between the visible tabs (WAI-ARIA tabs pattern).
  bar.addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowRight' && ev.key !== 'ArrowLeft') return;
    const visible = buttons().filter((b) => !b.hidden);
    const i = visible.findIndex((b) => b.dataset.tab === store.get('tab'));
    const next = visible[(i + (ev.key === 'ArrowRight' ? 1 : visible.length - 1)) % visible.length];
    show(next.dataset.tab);
    next.focus();
  });
  show(first());
  return { show, applyRole };
}
