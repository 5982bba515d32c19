// 一地一策, the list: plans in the zone chosen above, by status (GET /api/plans), filtered here by resource code; overdue
// plans say so in words, not colour alone. Editors write a new plan (POST /api/plans): the disposal methods come from
// GET /api/plans/lists, and for a parcel found idle through the government's fault only those art. 12 allows.
import { api, request } from '../../api.js';
import { html, setHtml } from '../../html.js';
import { zoneName } from '../../format.js';
import { s, failure, formValues, methodName, bracket } from './common.js';

const LIMIT = 1000;

export async function showPlans(el, ctx, arg = {}) {
  const l = s();
  const status = ctx.state.planStatus ?? 'open';
  setHtml(el, html`<div class="rv-toolbar grid2">
      <select class="rv-plan-status" data-testid="rv-plan-status" aria-label="${l.status}">
        <option value="">${l.allStatuses}</option>${['open', 'done', 'abandoned'].map((st) => html`<option value="${st}" ${st === status ? html`selected` : ''}>${l.planStatus[st]}</option>`)}</select>
      <input type="search" class="rv-plan-q" data-testid="rv-plan-q" maxlength="100" placeholder="${l.searchCode}" aria-label="${l.searchCode}" value="${arg.code ?? ''}">
    </div>
    <label class="check"><input type="checkbox" class="rv-plan-overdue" data-testid="rv-plan-overdue" ${ctx.state.planOverdue ? html`checked` : ''}><span>${l.overdueOnly}</span></label>
    ${ctx.canEdit() ? html`<div class="actions"><button type="button" class="rv-new" data-testid="rv-plan-new">${l.newPlan}</button></div>
      <div class="rv-create" hidden></div>` : ''}
    <p class="rv-count" data-testid="rv-plan-count"></p>
    <ul class="rv-list" data-testid="rv-plans"><li class="loading">${l.loading}</li></ul>`);
  el.querySelector('.rv-plan-status').addEventListener('change', (ev) => { ctx.state.planStatus = ev.target.value; ctx.rerender(); });
  el.querySelector('.rv-plan-overdue').addEventListener('change', (ev) => { ctx.state.planOverdue = ev.target.checked; ctx.rerender(); });
  const create = el.querySelector('.rv-create');
  if (create) {
    el.querySelector('.rv-new').addEventListener('click', () => {
      create.hidden = !create.hidden;
      if (!create.hidden) createForm(create, ctx, el.querySelector('.rv-plan-q').value.trim());
    });
    if (arg.code && arg.create) { create.hidden = false; createForm(create, ctx, arg.code); }
  }
  const params = new URLSearchParams({ limit: String(LIMIT) });
  if (status) params.set('status', status);
  if (ctx.state.planOverdue) params.set('overdue', 'true');
  if (ctx.zone()) params.set('zone', ctx.zone());
  let plans;
  try {
    plans = (await api(`/api/plans?${params}`)).items;
  } catch (e) {
    setHtml(el.querySelector('.rv-list'), html`<li>${failure(e)}</li>`);
    return;
  }
  const q = el.querySelector('.rv-plan-q');
  const draw = () => renderList(el, plans.filter((p) => p.resourceCode.toLowerCase().includes(q.value.trim().toLowerCase())));
  q.addEventListener('input', draw);
  draw();
  el.querySelector('.rv-list').addEventListener('click', (ev) => {
    const item = ev.target.closest('.rv-item');
    if (item) ctx.go('plan', Number(item.dataset.id));
  });
}

/** "⚠ 逾期" in words beside the colour, so the flag does not rest on colour alone. */
export function overdueFlag(overdue) {
  return overdue ? html`<span class="rv-overdue" data-testid="rv-overdue">⚠ ${s().overdue}</span>` : '';
}

function renderList(el, plans) {
  const l = s();
  el.querySelector('.rv-count').textContent = l.planCount(plans.length);
  setHtml(el.querySelector('.rv-list'), plans.length ? plans.map((p) => html`<li>
    <button type="button" class="rv-item" data-id="${p.id}" data-testid="rv-plan-item">
      <span class="rv-line"><b>${l.kinds[p.resourceKind]} ${p.resourceCode}</b><span class="rv-badge rv-plan-${p.status}">${l.planStatus[p.status]}</span></span>
      <span class="rv-meta">${methodName(p.disposalMethod)} · ${p.responsibleUnit}${p.officer ? bracket(p.officer) : ''} · ${zoneName(p.zoneCode)}</span>
      ${p.nextStep ? html`<span class="rv-meta">${l.nextStep} ${p.nextStep.title} · ${p.nextStep.dueOn}</span>` : ''}
      ${overdueFlag(p.overdue)}
    </button></li>`) : html`<li class="muted">${l.noPlans}</li>`);
}

/** The disposal methods to offer for a resource: only art. 12's when the parcel's latest finding is the government's fault. */
export async function methodsFor(ctx, kind, code) {
  const lists = await ctx.lists();
  if (kind !== 'parcel' || !code) return { methods: lists.disposalMethods, government: false };
  try {
    const doc = await api(`/api/idle-land/${encodeURIComponent(code)}`);
    if (doc.findings[0]?.cause === 'government') return { methods: lists.disposalMethods.filter((m) => m.governmentCause), government: true };
  } catch { /* no such parcel yet, or not supplied: every method, the API checks the code on saving */ }
  return { methods: lists.disposalMethods, government: false };
}

async function createForm(box, ctx, code) {
  const l = s();
  setHtml(box, html`<form class="rv-form" data-testid="rv-plan-form" autocomplete="off" novalidate>
    <div class="grid2">
      <label><span>${l.resourceKind}</span><select name="resourceKind" data-testid="rv-plan-kind">
        <option value="parcel">${l.kinds.parcel}</option><option value="factory">${l.kinds.factory}</option></select></label>
      <label><span>${l.resourceCode}</span><input name="resourceCode" maxlength="100" required value="${code}" data-testid="rv-plan-code"></label>
    </div>
    <label><span>${l.method}</span><select name="disposalMethod" data-testid="rv-plan-method"></select></label>
    <p class="hint rv-gov-hint" data-testid="rv-gov-hint" hidden>${l.govMethodsOnly}</p>
    <div class="grid2">
      <label><span>${l.unit}</span><input name="responsibleUnit" maxlength="200" required data-testid="rv-plan-unit"></label>
      <label><span>${l.officer}</span><input name="officer" maxlength="100" data-testid="rv-plan-officer"></label>
    </div>
    <label><span>${l.notes}</span><textarea name="notes" rows="2" maxlength="4000" data-testid="rv-plan-notes"></textarea></label>
    <div class="rv-form-msg"></div>
    <div class="actions"><button type="submit" class="primary" data-testid="rv-plan-create">${l.createPlan}</button></div>
  </form>`);
  const form = box.querySelector('form');
  async function fillMethods() {
    const { methods, government } = await methodsFor(ctx, form.elements.resourceKind.value, form.elements.resourceCode.value.trim());
    const select = form.elements.disposalMethod;
    const keep = select.value;
    select.replaceChildren(...methods.map((m) => new Option(methodName(m.name), m.name)));
    if (methods.some((m) => m.name === keep)) select.value = keep;
    form.querySelector('.rv-gov-hint').hidden = !government;
    form.dataset.methods = government ? 'government' : 'all';
  }
  form.elements.resourceKind.addEventListener('change', fillMethods);
  form.elements.resourceCode.addEventListener('change', fillMethods);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const button = form.querySelector('[type=submit]');
    button.disabled = true;
    try {
      const { data } = await request('/api/plans', { method: 'POST', body: formValues(form) });
      ctx.go('plan', data.id, l.planCreated);
    } catch (e) {
      button.disabled = false;
      setHtml(form.querySelector('.rv-form-msg'), failure(e));
    }
  });
  try {
    await fillMethods();
  } catch (e) {
    setHtml(form.querySelector('.rv-form-msg'), failure(e));
  }
}
