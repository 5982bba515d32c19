// 调度会: the dispatch meetings (GET /api/meetings, newest first), a new one (editors, POST /api/meetings), and the meeting
// view (GET /api/meetings/{id}): every open plan in its scope grouped by zone and responsible unit, with the progress
// since the previous meeting and the decisions taken; editors record a decision against a plan. The report is the
// server's XLSX (GET …/report?format=xlsx), fetched through api.js (a refusal is a message, not a file) and saved under
// the server's file name.
import { api, download } from '../../api.js';
import { saveFile } from '../export.js';
import { html, setHtml } from '../../html.js';
import { fmt, topZoneCodes, zoneName } from '../../format.js';
import { s, failure, formValues, methodName, chinaToday, message } from './common.js';
import { overdueFlag } from './plans.js';

export async function showMeetings(el, ctx) {
  const l = s();
  setHtml(el, html`${ctx.canEdit() ? html`<form class="rv-form rv-meeting-form" data-testid="rv-meeting-form" autocomplete="off" novalidate>
      <h4>${l.newMeeting}</h4>
      <label><span>${l.meetingTitle}</span><input name="title" maxlength="200" required data-testid="rv-meeting-title"></label>
      <div class="grid2">
        <label><span>${l.heldOn}</span><input name="heldOn" type="date" required value="${chinaToday()}" data-testid="rv-meeting-date"></label>
        <label><span>${l.zone}</span><select name="zoneCode" data-testid="rv-meeting-zone"><option value="">${l.allZones}</option>
          ${topZoneCodes().map((z) => html`<option value="${z}" ${z === ctx.zone() ? html`selected` : ''}>${zoneName(z)}</option>`)}</select></label>
      </div>
      <div class="rv-form-msg"></div>
      <div class="actions"><button type="submit" class="primary" data-testid="rv-meeting-create">${l.createMeeting}</button></div>
    </form>` : ''}
    <ul class="rv-list" data-testid="rv-meetings"><li class="loading">${l.loading}</li></ul>`);
  const form = el.querySelector('.rv-meeting-form');
  form?.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    form.querySelector('[type=submit]').disabled = true;
    try {
      const meeting = await api('/api/meetings', { method: 'POST', body: formValues(form) });
      ctx.go('meeting', meeting.id);
    } catch (e) {
      form.querySelector('[type=submit]').disabled = false;
      setHtml(form.querySelector('.rv-form-msg'), failure(e));
    }
  });
  const params = new URLSearchParams();
  if (ctx.zone()) params.set('zone', ctx.zone());
  const list = el.querySelector('.rv-list');
  try {
    const { items } = await api(`/api/meetings?${params}`);
    setHtml(list, items.length ? items.map((m) => html`<li><button type="button" class="rv-item" data-id="${m.id}" data-testid="rv-meeting-item">
      <span class="rv-line"><b>${m.title}</b><span class="rv-date">${m.heldOn}</span></span>
      <span class="rv-meta">${m.zoneCode ? zoneName(m.zoneCode) : l.allZones}</span></button></li>`) : html`<li class="muted">${l.noMeetings}</li>`);
  } catch (e) {
    setHtml(list, html`<li>${failure(e)}</li>`);
  }
  list.addEventListener('click', (ev) => {
    const item = ev.target.closest('.rv-item');
    if (item) ctx.go('meeting', Number(item.dataset.id));
  });
}

function planCard(mp, editable) {
  const l = s(), p = mp.plan;
  const size = p.areaMu != null ? `${fmt(p.areaMu)} ${l.mu}` : p.vacantFloorM2 != null ? `${fmt(p.vacantFloorM2, 0)} m²` : '';
  return html`<li class="rv-mplan" data-testid="rv-meeting-plan" data-id="${p.id}">
    <span class="rv-line"><button type="button" class="rv-link rv-open-plan" data-id="${p.id}">${l.kinds[p.resourceKind]} ${p.resourceCode}</button><span>${size}</span></span>
    <span class="rv-meta">${methodName(p.disposalMethod)}${p.officer ? ` · ${p.officer}` : ''}${p.idleReason ? ` · ${p.idleReason}` : ''}</span>
    ${p.nextStep ? html`<span class="rv-meta">${l.nextStep} ${p.nextStep.title} · ${p.nextStep.dueOn}</span>` : ''}
    ${overdueFlag(p.overdue)}
    <div class="rv-sub"><b>${l.sinceLast}</b>
      <ul data-testid="rv-since-last">${mp.progressSinceLast.length ? mp.progressSinceLast.map((g) => html`<li>${g.on} ${g.text} <span class="rv-meta">${g.by}</span></li>`) : html`<li class="muted">${l.noProgress}</li>`}</ul></div>
    <div class="rv-sub"><b>${l.decisions}</b>
      <ul data-testid="rv-decisions">${mp.decisions.length ? mp.decisions.map((d) => html`<li data-testid="rv-decision">${d.decision} <span class="rv-meta">${d.by}</span></li>`) : html`<li class="muted">${l.noDecisions}</li>`}</ul></div>
    ${editable ? html`<form class="rv-decide" data-id="${p.id}" autocomplete="off" novalidate>
      <label><span class="visually-hidden">${l.decision}</span><input name="decision" maxlength="4000" required placeholder="${l.decision}" aria-label="${l.decision}" data-testid="rv-decision-text"></label>
      <button type="submit" data-testid="rv-decision-add">${l.record}</button></form>` : ''}
  </li>`;
}

export async function showMeeting(el, ctx, id, notice = null) {
  const l = s();
  setHtml(el, html`<p class="loading">${l.loading}</p>`);
  let view;
  try {
    view = await api(`/api/meetings/${encodeURIComponent(id)}`);
  } catch (e) {
    setHtml(el, html`<button type="button" class="rv-back">← ${l.back}</button>${failure(e)}`);
    el.querySelector('.rv-back').addEventListener('click', () => ctx.back('meetings'));
    return;
  }
  const m = view.meeting;
  const count = view.groups.reduce((n, g) => n + g.plans.length, 0);
  setHtml(el, html`<button type="button" class="rv-back" data-testid="rv-back">← ${l.back}</button>
    <div data-testid="rv-meeting-view" data-id="${m.id}">
    <h3 class="rv-title"><span data-testid="rv-meeting-name">${m.title}</span><span class="rv-date">${m.heldOn}</span></h3>
    <p class="rv-meta">${m.zoneCode ? zoneName(m.zoneCode) : l.allZones} · ${l.openPlans(count)} · ${view.previous ? l.previous(view.previous.title, view.previous.heldOn) : l.noPrevious}</p>
    <p><button type="button" class="rv-report" data-testid="rv-report">⬇ ${l.report}</button></p>
    ${notice ? message('saved', notice) : ''}
    <div class="rv-form-msg"></div>
    ${view.groups.length ? view.groups.map((g) => html`<section class="rv-group" data-testid="rv-group" data-zone="${g.zoneCode}" data-unit="${g.responsibleUnit}">
      <h4><span data-testid="rv-group-zone">${zoneName(g.zoneCode)}</span> · <span data-testid="rv-group-unit">${g.responsibleUnit}</span> <small>${g.plans.length}</small></h4>
      <ul class="rv-plain">${g.plans.map((mp) => planCard(mp, ctx.canEdit()))}</ul></section>`) : html`<p class="muted">${l.noPlans}</p>`}
    </div>`);
  el.querySelector('.rv-back').addEventListener('click', () => ctx.back('meetings'));
  el.querySelector('.rv-report').addEventListener('click', (ev) => report(ev.currentTarget, el, m));
  el.querySelector('[data-testid=rv-meeting-view]').addEventListener('click', (ev) => {
    const open = ev.target.closest('.rv-open-plan');
    if (open) ctx.go('plan', Number(open.dataset.id));
  });
  el.querySelectorAll('.rv-decide').forEach((form) => form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const button = form.querySelector('[type=submit]');
    button.disabled = true;
    try {
      await api(`/api/meetings/${m.id}/decisions`, { method: 'POST', body: { planId: Number(form.dataset.id), decision: form.elements.decision.value.trim() } });
      showMeeting(el, ctx, id, l.decisionSaved);
    } catch (e) {
      button.disabled = false;
      setHtml(el.querySelector('.rv-form-msg'), failure(e));
      el.querySelector('.rv-form-msg').scrollIntoView({ block: 'nearest' });
    }
  }));
}

async function report(button, el, meeting) {
  button.disabled = true;
  try {
    const { blob, fileName } = await download(`/api/meetings/${meeting.id}/report?format=xlsx`);
    saveFile(blob, fileName ?? `meeting-${meeting.id}.xlsx`);
  } catch (e) {
    setHtml(el.querySelector('.rv-form-msg'), failure(e));
  } finally {
    button.disabled = false;
  }
}
