// 闲置认定: one parcel's idle-land detail (GET /api/idle-land/{code}): the supplied-land facts, the status (疑似闲置 /
// 认定闲置), the findings, and the assessment's consequences — the idle-land fee (万元) and the day recovery is due for
// the enterprise's fault, or the disposal methods allowed for the government's — each citing its rule. Editors record a
// finding (POST …/findings); the answer is the new assessment, shown at once.
import { api } from '../../api.js';
import { html, setHtml } from '../../html.js';
import { fmt, money, when, zoneName } from '../../format.js';
import { s, citation, message, failure, formValues, fact, chinaToday, bracket } from './common.js';

const CAUSES = ['enterprise', 'government'];
const GOVERNMENT_TYPES = ['land-not-delivered', 'planning-changed', 'demolition-unfinished', 'military-or-heritage', 'other'];

/** `code`: the parcel to show, or null for the code box only. */
export async function showIdle(el, ctx, code, notice = null) {
  setHtml(el, html`<form class="rv-open" data-testid="rv-idle-open" autocomplete="off">
      <label><span>${s().parcelCode}</span><span class="rv-inline"><input name="code" maxlength="100" required value="${code ?? ''}" data-testid="rv-idle-code">
      <button type="submit">${s().open}</button></span></label></form>
    <div class="rv-idle-body">${code ? html`<p class="loading">${s().loading}</p>` : html`<p class="hint">${s().idleHint}</p>`}</div>`);
  el.querySelector('.rv-open').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const typed = ev.target.elements.code.value.trim();
    if (typed) { ctx.showParcel(typed); ctx.go('idle', typed); }
  });
  if (!code) return;
  const body = el.querySelector('.rv-idle-body');
  let doc;
  try {
    doc = await api(`/api/idle-land/${encodeURIComponent(code)}`);
  } catch (e) {
    setHtml(body, failure(e));
    return;
  }
  render(body, ctx, doc, notice);
}

function statusBadge(status) {
  return html`<span class="rv-badge rv-status-${status}" data-testid="rv-idle-status">${s().idleStatus[status] ?? status}</span>`;
}

function share(x) {
  return x == null ? null : `${fmt(x * 100, 1)}%`;
}

function consequence(c) {
  const l = s();
  if (c.kind === 'fee') {
    return html`<li class="rv-consequence" data-testid="rv-fee"><b>${l.fee}</b>
      <span data-testid="rv-fee-amount">${c.amountWan == null ? l.feeNoPrice : money(c.amountWan, 2)}</span>
      · ${l.dueFrom} ${c.dueOn}${c.reached ? html` <b class="rv-due">${l.reached}</b>` : ''}<br>${citation(c.rule)}</li>`;
  }
  if (c.kind === 'recovery') {
    return html`<li class="rv-consequence" data-testid="rv-recovery"><b>${l.recovery}</b>
      <span data-testid="rv-recovery-date">${c.dueOn}</span>${c.reached ? html` <b class="rv-due">${l.reached}</b>` : ''}<br>${citation(c.rule)}</li>`;
  }
  return html`<li class="rv-consequence" data-testid="rv-disposal"><b>${l.disposalRules[c.rule.ruleId] ?? c.rule.ruleId}</b>
    ${c.limitYears ? html` · ${l.limitYears(c.limitYears)} (${l.until} ${c.dueOn})` : ''}<br>${citation(c.rule)}</li>`;
}

function findingItem(f) {
  const l = s();
  const cause = f.cause === 'government' ? `${l.causes.government}${bracket(l.governmentTypes[f.governmentCauseType] ?? f.governmentCauseType)}` : l.causes[f.cause];
  return html`<li data-testid="rv-finding"><b>${f.foundOn}</b> ${cause}${f.findingNo ? html` · ${f.findingNo}` : ''}
    <span class="rv-meta">${f.createdBy} · ${when(f.createdAt)}</span>${f.note ? html`<span class="rv-meta">${f.note}</span>` : ''}</li>`;
}

function findingForm() {
  const l = s();
  return html`<form class="rv-form rv-finding-form" data-testid="rv-finding-form" autocomplete="off" novalidate>
    <h4>${l.recordFinding}</h4>
    <div class="grid2">
      <label><span>${l.foundOn}</span><input name="foundOn" type="date" required max="${chinaToday()}" value="${chinaToday()}" data-testid="rv-found-on"></label>
      <label><span>${l.cause}</span><select name="cause" data-testid="rv-cause">${CAUSES.map((c) => html`<option value="${c}">${l.causes[c]}</option>`)}</select></label>
    </div>
    <label class="rv-gov-type" hidden><span>${l.governmentType}</span><select name="governmentCauseType" data-testid="rv-gov-type" disabled>
      ${GOVERNMENT_TYPES.map((g) => html`<option value="${g}">${l.governmentTypes[g]}</option>`)}</select></label>
    <label><span>${l.findingNo}</span><input name="findingNo" maxlength="100" data-testid="rv-finding-no"></label>
    <label><span>${l.note}</span><textarea name="note" rows="2" maxlength="2000" data-testid="rv-finding-note"></textarea></label>
    <div class="actions"><button type="submit" class="primary" data-testid="rv-finding-save">${l.saveFinding}</button></div>
  </form>`;
}

function render(body, ctx, doc, notice) {
  const l = s(), f = doc.facts, a = doc.assessment;
  setHtml(body, html`<div data-testid="rv-idle-detail" data-code="${doc.code}">
    <h3 class="rv-title"><span>${doc.code}</span>${statusBadge(a.status === 'none' && a.warning ? 'warning' : a.status)}</h3>
    ${notice ? message('saved', notice) : ''}
    <dl class="facts">
      ${fact(l.zone, zoneName(doc.zoneCode))}${fact(l.supplyType, f.supplyType == null ? null : l.supplyTypes[f.supplyType] ?? f.supplyType)}
      ${fact(l.agreedStart, f.agreedStartOn)}${fact(l.actualStart, f.actualStartOn)}
      ${fact(l.developed, share(f.developedShare))}${fact(l.invested, share(f.investedShare))}
      ${fact(l.haltedOn, f.haltedOn)}${fact(l.landPrice, money(f.landPriceWan, 2))}
    </dl>
    ${a.missingFacts.length ? html`<p class="hint" data-testid="rv-missing">${l.missing(a.missingFacts.map((m) => l.factNames[m] ?? m).join(l.sep))}</p>` : ''}
    ${a.grounds.length ? html`<h4>${l.grounds}</h4><ul class="rv-plain">${a.grounds.map((g) => html`<li>${l.idleSince} ${g.idleSince} · ${l.metOn} ${g.metOn}<br>${citation(g.rule)}</li>`)}</ul>` : ''}
    ${a.warning ? html`<p class="rv-warn-line">${l.daysLeft(a.warning.daysLeft)} · ${l.idleOn} ${a.warning.idleOn}<br>${citation(a.warning.rule)}</p>` : ''}
    ${a.exemption ? html`<p class="rv-exempt" data-testid="rv-exemption">${l.exempt}<br>${citation(a.exemption)}</p>` : ''}
    ${a.consequences.length ? html`<h4>${l.consequences}</h4><ul class="rv-plain" data-testid="rv-consequences">${a.consequences.map(consequence)}</ul>` : ''}
    <h4>${l.findings} <small>${doc.findings.length}</small></h4>
    <ul class="rv-plain" data-testid="rv-findings">${doc.findings.length ? doc.findings.map(findingItem) : html`<li class="muted">${l.noFindings}</li>`}</ul>
    <p class="rv-links"><button type="button" class="rv-link rv-plan-link" data-testid="rv-idle-plan" hidden></button></p>
    <div class="rv-form-msg"></div>
    ${ctx.canEdit() ? findingForm() : ''}
  </div>`);
  planLink(body.querySelector('.rv-plan-link'), ctx, doc);
  const form = body.querySelector('.rv-finding-form');
  if (!form) return;
  const cause = form.elements.cause, gov = form.querySelector('.rv-gov-type');
  cause.addEventListener('change', () => {
    gov.hidden = cause.value !== 'government';
    form.elements.governmentCauseType.disabled = gov.hidden;
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const button = form.querySelector('[type=submit]');
    button.disabled = true;
    try {
      const answer = await api(`/api/idle-land/${encodeURIComponent(doc.code)}/findings`, { method: 'POST', body: formValues(form) });
      render(body, ctx, answer, l.findingSaved);
      body.querySelector('[data-testid=rv-consequences]')?.scrollIntoView({ block: 'nearest' });
    } catch (e) {
      button.disabled = false;
      setHtml(body.querySelector('.rv-form-msg'), failure(e));
    }
  });
}

/** The parcel's plan: "open its plan" when it has one (the open one first), else, for editors, "write a plan". */
async function planLink(button, ctx, doc) {
  let plan = null;
  try {
    const { items } = await api(`/api/plans?${new URLSearchParams({ zone: doc.zoneCode, limit: '1000' })}`);
    const mine = items.filter((p) => p.resourceKind === 'parcel' && p.resourceCode === doc.code);
    plan = mine.find((p) => p.status === 'open') ?? mine.at(-1) ?? null;
  } catch { /* the link is a convenience: without the list, editors may still write a plan */ }
  if (plan) {
    button.textContent = s().openPlan;
    button.addEventListener('click', () => ctx.go('plan', plan.id));
  } else if (ctx.canEdit()) {
    button.textContent = s().writePlan;
    button.addEventListener('click', () => ctx.go('plans', { code: doc.code, create: true }));
  } else return;
  button.hidden = false;
}
