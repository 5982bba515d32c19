// Picks the page's language: strings live per language in i18n/zh.js (first) and i18n/en.js (complete switch); the
// chosen one is the store's `lang`, remembered in localStorage. `t()` is the current language's strings.
import zh from './i18n/zh.js';
import en from './i18n/en.js';
import * as store from './store.js';

const LANGUAGES = { zh, en };
const STORAGE_KEY = 'landmap.lang';

export function initialLanguage() {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved in LANGUAGES ? saved : 'zh';
}

/** 'zh' or 'en'. */
export function lang() {
  return store.get('lang') ?? 'zh';
}

/** The current language's strings. */
export function t() {
  return LANGUAGES[lang()];
}

export function setLanguage(code) {
  localStorage.setItem(STORAGE_KEY, code);
  store.set('lang', code);
}

/** The BCP 47 tag for numbers, dates and <html lang>. */
export function locale() {
  return lang() === 'zh' ? 'zh-CN' : 'en-GB';
}

/** Puts the static texts of the page (elements with data-i18n, data-i18n-placeholder, data-i18n-aria-label) in the current language. */
export function applyTexts(root = document) {
  const s = t();
  root.querySelectorAll('[data-i18n]').forEach((el) => { if (typeof s[el.dataset.i18n] === 'string') el.textContent = s[el.dataset.i18n]; });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = s[el.dataset.i18nPlaceholder] ?? el.placeholder; });
  root.querySelectorAll('[data-i18n-aria-label]').forEach((el) => { el.setAttribute('aria-label', s[el.dataset.i18nAriaLabel] ?? el.getAttribute('aria-label')); });
}
