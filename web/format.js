// Numbers, dates and names as the page shows them, in the current language.
import * as store from './store.js';
import { lang, t } from './i18n.js';

/** A number with up to `digits` decimals in the page's language; '—' for a missing value (unknown, not zero). */
export function fmt(n, digits = 2) {
  return n == null ? '—' : Number(n).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: digits });
}

/** A date and time, short. */
export function when(iso) {
  return new Date(iso).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}

/** "12.5 亩", or null when the value is missing. */
export function measure(value, digits, unit) {
  return value == null ? null : `${fmt(value, digits)} ${unit}`;
}

export function zoneName(code) {
  const z = (store.get('zones') ?? []).find((x) => x.properties.code === code);
  return z ? (lang() === 'zh' ? z.properties.nameZh : z.properties.nameEn) : code;
}

/** The codes of the development zones, without their parks (what the register and the dashboard filter by). */
export function topZoneCodes() {
  return (store.get('zones') ?? []).filter((z) => !z.properties.parent).map((z) => z.properties.code);
}

export function statusName(status) {
  return status == null ? null : t().status[status] ?? status;
}

/** "100101 一类工业用地", with the ledger's own wording when it differed. */
export function landUseLabel(code, original) {
  if (code == null) return null;
  const name = (store.get('landUses') ?? []).find((l) => l.code === code)?.nameZh ?? '';
  return `${code} ${name}${original && original !== code ? t().ledgerOriginal(original) : ''}`;
}
