// The side panel's tabs: 资源筛选 for everyone, 项目匹配 for staff and above, 导入台账 for editors and admins. The tab bar
// is shown only when there is a choice; a tab the caller may no longer use (after sign-out) falls back to the filters.

/** Each tab's button and the panel elements it shows (the legend stays in every tab). */
const TABS = {
  filters: { button: 'tab-filters', panels: ['filters', 'summary', 'export'] },
  match: { button: 'tab-match', panels: ['match-panel'] },
  import: { button: 'tab-import', panels: ['import-panel'] },
};

/** `onShow(name)` is told which tab opened (e.g. to show the import preview only with its tab). */
export function initTabs({ onShow = () => {} } = {}) {
  const $ = (id) => document.getElementById(id);
  let current = 'filters';

  function show(name) {
    current = name;
    for (const [tab, { button, panels }] of Object.entries(TABS)) {
      const active = tab === name;
      for (const id of panels) $(id).hidden = !active;
      $(button).classList.toggle('active', active);
      $(button).setAttribute('aria-selected', String(active));
    }
    onShow(name);
  }

  /** `available`: tab name → whether this caller may use it (the filters always). */
  function setAvailable(available) {
    let any = false;
    for (const [tab, { button }] of Object.entries(TABS)) {
      if (tab === 'filters') continue;
      $(button).hidden = !available[tab];
      any ||= Boolean(available[tab]);
    }
    $('tabs').hidden = !any;
    if (current !== 'filters' && !available[current]) show('filters');
  }

  for (const [tab, { button }] of Object.entries(TABS)) $(button).addEventListener('click', () => show(tab));
  return { show, setAvailable };
}
