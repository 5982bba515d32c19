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

/**
 * An amount given in 万元 (10 000 CNY), as a reader of the page's language reads it: "36.5 万元/亩" in Chinese; in English
 * the yuan themselves, "CNY 365,000/mu" or "CNY 2 million/mu", rather than "36.5 10k CNY/mu". `per`: '' (an amount),
 * 'mu' or 'muYear' (a land-use indicator or a price). Null for a missing value.
 */
export function money(wan, digits = 2, per = '') {
  if (wan == null) return null;
  const u = t().units;
  if (lang() === 'zh') return `${fmt(wan, digits)} ${{ '': u.wan, mu: u.wanPerMu, muYear: u.wanPerMuYear }[per]}`;
  const yuan = Number(wan) * 10_000;
  const amount = Math.abs(yuan) >= 1_000_000 ? `${fmt(yuan / 1_000_000, 2)} million` : fmt(yuan, 0);
  return `CNY ${amount}${{ '': '', mu: '/mu', muYear: '/mu/yr' }[per]}`;
}

/** An industry chain as the page's language names it: the zone's chains have English names; another as written. */
export function chainName(chain) {
  return chain == null ? null : lang() === 'zh' ? chain : t().chains[chain] ?? chain;
}

/**
 * A zone's or park's name in the page's language. A zone without an English name (a ledger may give none) keeps its
 * Chinese name in English: it is the name on the signs and in the documents an investor will meet, and a machine
 * romanisation of a place name is often wrong (长清 is Changqing, not Zhangqing).
 */
export function zoneName(code) {
  const z = (store.get('zones') ?? []).find((x) => x.properties.code === code);
  if (!z) return code;
  return (lang() === 'zh' ? z.properties.nameZh : z.properties.nameEn || z.properties.nameZh) ?? code;
}

/** The codes of the development zones, without their parks (what the register and the dashboard filter by). */
export function topZoneCodes() {
  return (store.get('zones') ?? []).filter((z) => !z.properties.parent).map((z) => z.properties.code);
}

export function statusName(status) {
  return status == null ? null : t().status[status] ?? status;
}

/** The name of a land-use code in the page's language ('一类工业用地', 'Class I industrial land'); '' when unknown. */
export function landUseName(code) {
  const entry = (store.get('landUses') ?? []).find((l) => l.code === code);
  return (lang() === 'zh' ? entry?.nameZh : entry?.nameEn ?? entry?.nameZh) ?? '';
}

/** "100101 一类工业用地" ("100101 Class I industrial land"), with the ledger's own wording when it differed. */
export function landUseLabel(code, original) {
  if (code == null) return null;
  return `${code} ${landUseName(code)}${original && original !== code ? t().ledgerOriginal(original) : ''}`;
}

/** A site-preparation grade (七通一平 …) in the page's language; another ledger wording as written. */
export function readinessName(value) {
  return value == null ? null : t().lang.readiness[value] ?? value;
}
