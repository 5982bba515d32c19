// Pieces the 盘活 views share: the strings, a rule citation (V2 rules marked 待确认), a message line, today's China day,
// and reading a form's fields.
import { t, lang } from '../../i18n.js';
import { errorText } from '../../api.js';
import { html } from '../../html.js';

export const s = () => t().rv;

/** Today in China (UTC+8), as YYYY-MM-DD: what the API compares dates with. */
export function chinaToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** A rule citation: the article (the rule's id only as a tooltip, for whoever maintains the rules), and 待确认 for a rule not yet checked (V2). */
export function citation(rule) {
  if (!rule) return '';
  return html`<span class="rv-cite" data-testid="rv-cite" data-rule="${rule.ruleId}" title="${rule.ruleId}">${lang() === 'zh' ? rule.article : rule.articleEn ?? rule.article}${rule.confirmed ? '' : html` <b class="rv-unconfirmed" data-testid="rv-unconfirmed">${s().unconfirmed}</b>`}</span>`;
}

/** A message after an action: saved (status) or an error (alert); a 412 says reload. */
export function message(kind, text) {
  return html`<p class="rv-msg rv-${kind}" role="${kind === 'saved' ? 'status' : 'alert'}" data-testid="rv-${kind}">${text}</p>`;
}

/** What a refused request means here: the 盘活 problems (plan-exists, supplied-facts-missing…) in words, else api.js's text. */
export function failure(e) {
  if (e?.kind === 'conflict') return message('conflict', s().conflict);
  const known = e?.code ? s().problems[e.code] : null;
  return message('error', known ? `${known}${t().sep}${e.message}` : errorText(e));
}

/** The named fields of a form as { name: trimmed text } (empty fields left out). */
export function formValues(form) {
  const out = {};
  for (const el of form.elements) if (el.name && !el.disabled && el.value.trim() !== '') out[el.name] = el.value.trim();
  return out;
}

export function fact(label, value, testid = null) {
  return value == null || value === '' ? '' : html`<div><dt>${label}</dt><dd ${testid ? html`data-testid="${testid}"` : ''}>${value}</dd></div>`;
}

/** The name of a disposal method (the API's Chinese value) in the page's language. */
export const methodName = (m) => s().methods[m] ?? m;

/** Text in brackets as the page's language writes them: （…） in Chinese, " (…)" in English. */
export const bracket = (text) => (lang() === 'zh' ? `（${text}）` : ` (${text})`);
