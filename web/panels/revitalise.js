// 盘活 (issue 13 §1–3), for staff (read) and editors (write): idle-land warnings, a parcel's idle-land detail with its
// findings, the plans (一地一策) and the dispatch meetings (调度会). This file is the tab's frame — the zone filter, the
// four sections and which view is open — and the link from the map: a parcel's popup offers "盘活详情" to staff. The
// views live in panels/revitalise/.
import * as store from '../store.js';
import { api } from '../api.js';
import { html, setHtml } from '../html.js';
import { atLeast } from '../roles.js';
import { topZoneCodes, zoneName } from '../format.js';
import { s } from './revitalise/common.js';
import { showWarnings } from './revitalise/warnings.js';
import { showIdle } from './revitalise/idle-detail.js';
import { showPlans } from './revitalise/plans.js';
import { showPlan } from './revitalise/plan-editor.js';
import { showMeetings, showMeeting } from './revitalise/meetings.js';

const TAB = 'revitalise';
const SECTIONS = ['warnings', 'idle', 'plans', 'meetings'];
/** The section each view belongs to (a plan is in 一地一策, a meeting in 调度会). */
const SECTION_OF = { warnings: 'warnings', idle: 'idle', plans: 'plans', plan: 'plans', meetings: 'meetings', meeting: 'meetings' };
const VIEWS = {
  warnings: (el, ctx) => showWarnings(el, ctx),
  idle: (el, ctx, arg, notice) => showIdle(el, ctx, arg ?? null, notice),
  plans: (el, ctx, arg) => showPlans(el, ctx, arg ?? {}),
  plan: (el, ctx, arg, notice) => showPlan(el, ctx, arg, notice),
  meetings: (el, ctx) => showMeetings(el, ctx),
  meeting: (el, ctx, arg, notice) => showMeeting(el, ctx, arg, notice),
};

/** `root`: the panel's empty element; `map`: the Leaflet map (its popups get the link); `showParcel(code)`: zoom to a parcel and open its card; `openTab()`: show this tab. */
export function initRevitalise({ root, map, showParcel, openTab }) {
  let current = { view: 'warnings', arg: null };
  let trail = []; // the views opened before this one in the section, for 返回
  let lists = null;
  let seq = 0;
  const state = {}; // what the views keep between renders: the warning horizon, the plan status filter

  setHtml(root, html`<div class="rv-head">
      <select class="rv-zone" data-testid="rv-zone"></select>
      <nav class="rv-sections" data-testid="rv-sections"></nav>
    </div>
    <div class="rv-body" data-testid="rv-body"></div>`);
  const body = root.querySelector('.rv-body');
  const zoneSelect = root.querySelector('.rv-zone');

  const ctx = {
    state,
    zone: () => zoneSelect.value,
    canEdit: () => atLeast('editor'),
    go: (view, arg = null, notice = null) => {
      // A plan list is kept without its open create form: going back after creating shows the list.
      trail = [...trail, current.view === 'plans' ? { view: 'plans', arg: { code: current.arg?.code } } : current].slice(-20);
      return go(view, arg, notice);
    },
    /** Back to the view this one was opened from (a meeting, a warning…), or to the section's list. */
    back: (fallback) => {
      const previous = trail.pop();
      return previous ? go(previous.view, previous.arg) : go(fallback);
    },
    rerender: () => go(current.view, current.arg),
    showParcel: (code) => { showParcel('parcel', code).catch(() => { /* not on the map (e.g. retired): the detail still opens */ }); },
    lists: async () => (lists ??= await api('/api/plans/lists')),
  };

  function renderHead() {
    const l = s();
    const zone = zoneSelect.value;
    zoneSelect.replaceChildren(new Option(l.allZones, ''), ...topZoneCodes().map((z) => new Option(zoneName(z), z)));
    zoneSelect.value = zone;
    zoneSelect.setAttribute('aria-label', l.zone);
    const section = SECTION_OF[current.view];
    setHtml(root.querySelector('.rv-sections'), SECTIONS.map((name) => html`<button type="button" data-section="${name}" data-testid="rv-section-${name}"
      class="${name === section ? 'active' : ''}" aria-pressed="${String(name === section)}">${l.sections[name]}</button>`));
  }

  /** Opens a view; `notice` is a line saying what was just saved. A newer call supersedes a slower older one. */
  async function go(view, arg = null, notice = null) {
    current = { view, arg };
    renderHead();
    const mine = ++seq;
    const el = document.createElement('div');
    el.className = `rv-view rv-view-${view}`;
    body.replaceChildren(el);
    root.dataset.view = view;
    delete root.dataset.ready;
    await VIEWS[view](el, ctx, arg, notice);
    if (mine === seq) root.dataset.ready = view;
  }

  root.querySelector('.rv-sections').addEventListener('click', (ev) => {
    const button = ev.target.closest('[data-section]');
    if (button) { trail = []; go(button.dataset.section); }
  });
  zoneSelect.addEventListener('change', () => go(SECTION_OF[current.view], current.view === 'idle' ? current.arg : null));

  /** Opens the idle-land detail of a parcel from elsewhere (the popup's link). */
  function openIdle(code) {
    openTab();
    trail = [];
    go('idle', code);
  }

  // A parcel's popup, for staff: a link to its idle-land detail. The popup redraws its content (e.g. when the status
  // history arrives), so the link is added again on each update.
  map.on('popupopen', (e) => {
    const add = () => {
      const card = e.popup.getElement()?.querySelector('.popup[data-kind=parcel]');
      if (!card || !atLeast('staff') || card.querySelector('.rv-popup-link')) return;
      const p = document.createElement('p');
      p.className = 'rv-popup-link';
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: s().popupLink });
      button.dataset.testid = 'rv-popup-idle';
      button.addEventListener('click', () => openIdle(card.dataset.code));
      p.append(button);
      card.append(p);
    };
    add();
    e.popup.on('contentupdate', add);
  });

  store.subscribe('tab', (tab) => { if (tab === TAB && atLeast('staff') && !root.dataset.view) go('warnings'); });
  store.subscribe('lang', () => { if (root.dataset.view) ctx.rerender(); });
  // Signed in or out: what the previous user saw is forgotten.
  store.subscribe('role', () => {
    body.replaceChildren();
    trail = [];
    delete root.dataset.view;
    delete root.dataset.ready;
    current = { view: 'warnings', arg: null };
    if (store.get('tab') === TAB && atLeast('staff')) go('warnings');
  });
}
