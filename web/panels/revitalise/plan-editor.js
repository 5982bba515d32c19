// One plan (一地一策), GET /api/plans/{id} with its ETag: the fields, milestones (overdue ones flagged in words), progress
// (day, text, who and when) and the outcome. Editors change the fields (PATCH with If-Match: a 412 asks to reload and
// writes nothing), add and complete milestones, add progress, and record the outcome, which closes the plan as done.
import { request, api } from '../../api.js';
import { html, setHtml } from '../../html.js';
import { fmt, money, when, zoneName } from '../../format.js';
import { s, message, failure, formValues, fact, methodName, chinaToday } from './common.js';
import { overdueFlag, methodsFor } from './plans.js';

export async function showPlan(el, ctx, id, notice = null) {
  setHtml(el, html`<p class="loading">${s().loading}</p>`);
  try {
    const { data, etag } = await request(`/api/plans/${encodeURIComponent(id)}`);
    await render(el, ctx, { plan: data, etag }, notice);
  } catch (e) {
    setHtml(el, html`<button type="button" class="rv-back">← ${s().back}</button>${failure(e)}`);
    el.querySelector('.rv-back').addEventListener('click', () => ctx.back('plans'));
  }
}

function milestoneItem(m, editable) {
  const l = s();
  return html`<li class="rv-milestone ${m.overdue ? 'is-overdue' : ''} ${m.doneOn ? 'is-done' : ''}" data-testid="rv-milestone" data-id="${m.id}">
    <span class="rv-line"><span>${m.doneOn ? '✓ ' : ''}${m.title}</span><span>${m.dueOn}</span></span>
    ${m.doneOn ? html`<span class="rv-meta" data-testid="rv-milestone-done">${l.doneOn(m.doneOn, m.doneBy ?? '')}</span>` : overdueFlag(m.overdue)}
    ${editable && !m.doneOn ? html`<button type="button" class="rv-complete" data-id="${m.id}" data-testid="rv-milestone-complete">${l.markDone}</button>` : ''}
  </li>`;
}

function progressItem(p) {
  return html`<li data-testid="rv-progress"><b>${p.on}</b> <span>${p.text}</span><span class="rv-meta">${s().wroteBy(p.by, when(p.at))}</span></li>`;
}

function outcomeFacts(o) {
  const l = s();
  return html`<dl class="facts" data-testid="rv-outcome">${fact(l.outcomeKind, l.outcomeKinds[o.kind])}${fact(l.projectId, o.projectId)}
    ${fact(l.investmentAdded, money(o.investmentAddedWan, 2))}${fact(l.expectedOutput, money(o.expectedOutputWan, 2))}
    ${fact(l.revitalisedOn, o.revitalisedOn)}</dl>`;
}

function editForm(p, methods) {
  const l = s();
  const names = methods.some((m) => m.name === p.disposalMethod) ? methods : [{ name: p.disposalMethod }, ...methods];
  return html`<form class="rv-form rv-plan-edit" data-testid="rv-plan-edit" autocomplete="off" novalidate>
    <h4>${l.editPlan}</h4>
    <label><span>${l.method}</span><select name="disposalMethod" data-testid="rv-edit-method">
      ${names.map((m) => html`<option value="${m.name}" ${m.name === p.disposalMethod ? html`selected` : ''}>${methodName(m.name)}</option>`)}</select></label>
    <div class="grid2">
      <label><span>${l.unit}</span><input name="responsibleUnit" maxlength="200" value="${p.responsibleUnit}" data-testid="rv-edit-unit"></label>
      <label><span>${l.officer}</span><input name="officer" maxlength="100" value="${p.officer ?? ''}" data-testid="rv-edit-officer"></label>
    </div>
    <label><span>${l.notes}</span><textarea name="notes" rows="2" maxlength="4000" data-testid="rv-edit-notes">${p.notes ?? ''}</textarea></label>
    <label><span>${l.status}</span><select name="status" data-testid="rv-edit-status">
      ${['open', 'abandoned'].map((st) => html`<option value="${st}" ${st === p.status ? html`selected` : ''}>${l.planStatus[st]}</option>`)}</select></label>
    <div class="actions"><button type="submit" class="primary" data-testid="rv-edit-save">${l.save}</button></div>
  </form>`;
}

function addForms() {
  const l = s(), today = chinaToday();
  return html`<form class="rv-form rv-add-milestone" data-testid="rv-milestone-form" autocomplete="off" novalidate>
      <h4>${l.addMilestone}</h4>
      <div class="grid2"><label><span>${l.milestoneTitle}</span><input name="title" maxlength="200" required data-testid="rv-milestone-title"></label>
        <label><span>${l.dueOn}</span><input name="dueOn" type="date" required data-testid="rv-milestone-due"></label></div>
      <div class="actions"><button type="submit" data-testid="rv-milestone-add">${l.add}</button></div>
    </form>
    <form class="rv-form rv-add-progress" data-testid="rv-progress-form" autocomplete="off" novalidate>
      <h4>${l.addProgress}</h4>
      <label><span>${l.progressOn}</span><input name="on" type="date" max="${today}" value="${today}" data-testid="rv-progress-on"></label>
      <label><span>${l.progressText}</span><textarea name="text" rows="2" maxlength="4000" required data-testid="rv-progress-text"></textarea></label>
      <div class="actions"><button type="submit" data-testid="rv-progress-add">${l.add}</button></div>
    </form>
    <form class="rv-form rv-outcome-form" data-testid="rv-outcome-form" autocomplete="off" novalidate>
      <h4>${l.recordOutcome}</h4>
      <p class="hint">${l.outcomeHint}</p>
      <div class="grid2">
        <label><span>${l.outcomeKind}</span><select name="kind" data-testid="rv-outcome-kind">
          <option value="expanded">${l.outcomeKinds.expanded}</option><option value="new_project">${l.outcomeKinds.new_project}</option></select></label>
        <label><span>${l.projectId}</span><input name="projectId" type="number" min="1" step="1" data-testid="rv-outcome-project"></label>
        <label><span>${l.investmentAdded}</span><input name="investmentAddedWan" type="number" min="0" step="any" required data-testid="rv-outcome-investment"></label>
        <label><span>${l.expectedOutput}</span><input name="expectedOutputWan" type="number" min="0" step="any" required data-testid="rv-outcome-output"></label>
        <label><span>${l.revitalisedOn}</span><input name="revitalisedOn" type="date" max="${today}" value="${today}" required data-testid="rv-outcome-on"></label>
      </div>
      <div class="actions"><button type="submit" class="primary" data-testid="rv-outcome-save">${l.saveOutcome}</button></div>
    </form>`;
}

async function render(el, ctx, state, notice) {
  const l = s(), p = state.plan;
  const open = p.status === 'open';
  const editable = ctx.canEdit() && open;
  const methods = ctx.canEdit() && p.status !== 'done' ? (await methodsFor(ctx, p.resourceKind, p.resourceCode)).methods : [];
  setHtml(el, html`<button type="button" class="rv-back" data-testid="rv-back">← ${l.back}</button>
    <div data-testid="rv-plan-detail" data-id="${p.id}" data-version="${p.version}">
    <h3 class="rv-title"><span>${l.kinds[p.resourceKind]} ${p.resourceCode}</span>
      <span class="rv-badge rv-plan-${p.status}" data-testid="rv-plan-badge">${l.planStatus[p.status]}</span></h3>
    ${overdueFlag(p.overdue)}
    <div class="rv-form-msg">${notice ? message('saved', notice) : ''}</div>
    <dl class="facts">
      ${fact(l.zone, zoneName(p.zoneCode))}
      ${fact(l.area, p.areaMu != null ? `${fmt(p.areaMu)} ${s().mu}` : p.vacantFloorM2 != null ? `${fmt(p.vacantFloorM2, 0)} m²` : null)}
      ${fact(l.idleReason, p.idleReason)}
      ${fact(l.method, methodName(p.disposalMethod), 'rv-plan-method-shown')}
      ${fact(l.unit, p.responsibleUnit, 'rv-plan-unit-shown')}${fact(l.officer, p.officer)}
      ${fact(l.notes, p.notes)}${fact(l.updated, `${when(p.updatedAt)} · ${p.updatedBy}`)}
    </dl>
    ${p.resourceKind === 'parcel' ? html`<p class="rv-links"><button type="button" class="rv-link rv-show" data-testid="rv-plan-map">${l.showOnMap}</button>
      <button type="button" class="rv-link rv-idle" data-testid="rv-plan-idle">${l.idleDetail}</button></p>` : ''}
    ${p.outcome ? outcomeFacts(p.outcome) : ''}
    <h4>${l.milestones} <small>${p.milestones.length}</small></h4>
    <ul class="rv-plain rv-milestones" data-testid="rv-milestones">${p.milestones.length ? p.milestones.map((m) => milestoneItem(m, editable)) : html`<li class="muted">${l.noMilestones}</li>`}</ul>
    <h4>${l.progress} <small>${(p.progress ?? []).length}</small></h4>
    <ul class="rv-plain" data-testid="rv-progress-list">${(p.progress ?? []).length ? [...p.progress].reverse().map(progressItem) : html`<li class="muted">${l.noProgress}</li>`}</ul>
    ${editable ? addForms() : ''}
    ${ctx.canEdit() && p.status !== 'done' ? editForm(p, methods) : ''}
    </div>`);
  wire(el, ctx, state);
}

function wire(el, ctx, state) {
  const p = state.plan;
  const reload = (text) => showPlan(el, ctx, p.id, text);
  // A refused change says why above the plan and leaves the forms as typed; a conflict (412) offers to reload.
  const fail = (e, button) => {
    button.disabled = false;
    const box = el.querySelector('.rv-form-msg');
    setHtml(box, html`${failure(e)}${e?.kind === 'conflict' ? html`<button type="button" class="rv-reload" data-testid="rv-reload">${s().reload}</button>` : ''}`);
    box.querySelector('.rv-reload')?.addEventListener('click', () => reload(null));
    box.scrollIntoView({ block: 'nearest' });
  };
  el.querySelector('.rv-back').addEventListener('click', () => ctx.back('plans'));
  el.querySelector('.rv-show')?.addEventListener('click', () => ctx.showParcel(p.resourceCode));
  el.querySelector('.rv-idle')?.addEventListener('click', () => ctx.go('idle', p.resourceCode));
  el.querySelector('.rv-milestones').addEventListener('click', async (ev) => {
    const button = ev.target.closest('.rv-complete');
    if (!button) return;
    button.disabled = true;
    try {
      await api(`/api/plans/${p.id}/milestones/${button.dataset.id}/complete`, { method: 'POST' });
      reload(s().milestoneDone);
    } catch (e) { fail(e, button); }
  });
  const submit = (selector, send, done) => el.querySelector(selector)?.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const button = ev.target.querySelector('[type=submit]');
    button.disabled = true;
    try {
      await send(ev.target);
      reload(done);
    } catch (e) { fail(e, button); }
  });
  submit('.rv-add-milestone', (f) => api(`/api/plans/${p.id}/milestones`, { method: 'POST', body: formValues(f) }), s().milestoneAdded);
  submit('.rv-add-progress', (f) => api(`/api/plans/${p.id}/progress`, { method: 'POST', body: formValues(f) }), s().progressAdded);
  submit('.rv-outcome-form', (f) => {
    const v = formValues(f);
    const body = { kind: v.kind, revitalisedOn: v.revitalisedOn, investmentAddedWan: num(v.investmentAddedWan), expectedOutputWan: num(v.expectedOutputWan) };
    if (v.projectId) body.projectId = num(v.projectId);
    return request(`/api/plans/${p.id}/outcome`, { method: 'POST', body, ifMatch: state.etag });
  }, s().outcomeSaved);
  submit('.rv-plan-edit', (f) => {
    const body = {};
    for (const name of ['disposalMethod', 'responsibleUnit', 'officer', 'notes', 'status']) {
      const value = f.elements[name].value.trim();
      if (value !== (p[name] ?? '')) body[name] = value;
    }
    return request(`/api/plans/${p.id}`, { method: 'PATCH', body, ifMatch: state.etag });
  }, s().planSaved);
}

function num(text) {
  return text == null || text === '' ? null : Number(text);
}
