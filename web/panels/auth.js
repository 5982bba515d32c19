// Sign-in for the page: who is signed in (GET /api/auth/me), the sign-in dialog (POST /api/auth/login sets an HttpOnly
// cookie and returns the CSRF token bound to that user), sign-out, and the header showing the user's name and role.
// Who is signed in is the store's `role` and `userName`; `onChange` runs after the role changed (to redraw for it).
import { api, errorText, setCsrfToken } from '../api.js';
import { t } from '../i18n.js';
import * as store from '../store.js';

export function initAuth({ onChange, onError }) {
  const $ = (id) => document.getElementById(id);
  const dialog = $('sign-in-dialog');
  const me = () => ({ name: store.get('userName') ?? null, role: store.get('role') ?? 'public' });

  function render() {
    const s = t();
    const { name, role } = me();
    const signedIn = role !== 'public';
    $('user').hidden = !signedIn;
    $('user-name').textContent = name ?? '';
    $('user-role').textContent = s.roles[role] ?? role;
    $('sign-in').hidden = signedIn;
    $('sign-out').hidden = !signedIn;
  }

  function set(answer) {
    setCsrfToken(answer?.csrfToken);
    store.set('userName', answer?.name ?? null);
    store.set('role', answer?.role ?? 'public');
    render();
  }

  async function load() {
    set(await api('/api/auth/me'));
  }

  function message(element, text) {
    element.textContent = text ?? '';
    element.hidden = !text;
  }

  function open(notice) {
    message($('si-notice'), notice);
    message($('si-error'), null);
    $('si-password').value = '';
    if (!dialog.open) dialog.showModal();
    $('si-name').focus();
  }

  async function submit(ev) {
    ev.preventDefault();
    const s = t();
    const name = $('si-name').value.trim();
    const password = $('si-password').value;
    if (!name || !password) {
      message($('si-error'), s.signInMissing);
      return;
    }
    $('si-submit').disabled = true;
    message($('si-error'), null);
    try {
      const answer = await api('/api/auth/login', { method: 'POST', body: { name, password } });
      $('si-password').value = '';
      dialog.close();
      set(answer);
      await onChange();
    } catch (e) {
      message($('si-error'), e.code === 'invalid-credentials' ? s.badCredentials : errorText(e));
    } finally {
      $('si-submit').disabled = false;
    }
  }

  async function signOut() {
    $('sign-out').disabled = true;
    try {
      await api('/api/auth/logout', { method: 'POST' });
      set(null);
    } catch (e) {
      onError(e);
      // Whatever happened, show who the server says we are.
      await load().catch(() => {});
    } finally {
      $('sign-out').disabled = false;
    }
    await onChange();
  }

  /** A request answered 401: the session is gone. Show the page as the server now sees us, then offer to sign in. */
  async function expired() {
    const was = me().role;
    await load().catch(() => set(null));
    if (me().role !== was) await onChange();
    open(t().sessionExpired);
  }

  $('sign-in').addEventListener('click', () => open(null));
  $('sign-out').addEventListener('click', signOut);
  $('sign-in-form').addEventListener('submit', submit);
  $('si-cancel').addEventListener('click', () => dialog.close());

  store.subscribe('lang', render);
  return { load, expired, open };
}
