// 仅看可用 / 全部: one click between the resources on offer (idle, negotiating: layers/parcels.js's AVAILABLE_STATUSES),
// which the map shows by default, and every status the caller may see. It ticks the filter form's status boxes
// (panels/filters.js) and lets the form's change event refresh the map, so the boxes stay the one truth; either button
// shows as pressed when the boxes are exactly its set. Hidden when the two are the same set (the public, by default,
// is shown only available statuses at all: the toggle would change nothing).
import * as store from '../store.js';
import { t } from '../i18n.js';
import { html, setHtml } from '../html.js';
import { AVAILABLE_STATUSES } from '../layers/parcels.js';

/** The statuses ticked by default and by 仅看可用: those on offer among `statuses` (the caller's). */
export function availableOf(statuses) {
  const available = statuses.filter((s) => AVAILABLE_STATUSES.includes(s));
  return available.length ? available : statuses;
}

export function initAvailability({ root = document.getElementById('availability') } = {}) {
  const boxes = () => [...document.querySelectorAll('#statuses input[name=status]')];

  function sets() {
    const all = (store.get('config')?.statuses ?? []);
    return { all, available: availableOf(all) };
  }

  function render() {
    const s = t().sheet;
    const { all, available } = sets();
    root.hidden = all.length === 0 || available.length === all.length;
    const ticked = boxes().filter((b) => b.checked).map((b) => b.value);
    const is = (set) => set.length === ticked.length && set.every((x) => ticked.includes(x));
    setHtml(root, html`<span class="label" id="availability-label">${s.availabilityLabel}</span>
      <button type="button" data-set="available" data-testid="show-available" aria-pressed="${String(is(available))}">${s.available}</button>
      <button type="button" data-set="all" data-testid="show-all" aria-pressed="${String(is(all))}">${s.all}</button>`);
  }

  /** Ticks exactly `set` and tells the form (its listeners refresh the map). */
  function choose(set) {
    for (const box of boxes()) box.checked = set.includes(box.value);
    document.getElementById('statuses').dispatchEvent(new Event('change', { bubbles: true }));
    render();
  }

  root.setAttribute('role', 'group');
  root.setAttribute('aria-labelledby', 'availability-label');
  root.addEventListener('click', (ev) => {
    const button = ev.target.closest('button[data-set]');
    if (button) choose(sets()[button.dataset.set]);
  });
  document.getElementById('statuses').addEventListener('change', render);
  // The boxes are drawn again on a sign-in, a language switch or a reset: follow them.
  new MutationObserver(render).observe(document.getElementById('statuses'), { childList: true });
  document.getElementById('filters').addEventListener('reset', () => setTimeout(render, 0));
  // What the dashboard's period shows was absorbed: allocated or in use, never on offer, so every status is shown.
  store.subscribe('absorbedPeriod', (period) => { if (period) choose(sets().all); });
  store.subscribe('lang', render);
  render();
  return { render };
}
