// Sign-in for the page: who is signed in (GET /api/auth/me), the sign-in dialog (POST /api/auth/login sets an HttpOnly
// cookie and returns the CSRF token bound to that user), sign-out, and the header showing the user's name and role.
import { api, setCsrfToken } from './api.js';
import { errorText } from './i18n.js';

const RANK = { public: 0, staff: 1, editor: 2, admin: 3 };

/** True when `role` has at least the rights of `minimum` (public < staff < editor < admin). */
export function atLeast(role, minimum) {
  return (RANK[role] ?? 0) >= RANK[minimum];
}

export function initAuth({ t, onChange, onError }) {
  const $ = (id) => document.getElementById(id);
  const dialog = $('sign-in-dialog');
  let me = { name: null, role: 'public' };

  function render() {
    const s = t();
    const signedIn = me.role !== 'public';
    $('user').hidden = !signedIn;
    $('user-name').textContent = me.name ?? '';
    $('user-role').textContent = s.roles[me.role] ?? me.role;
    $('sign-in').hidden = signedIn;
    $('sign-out').hidden = !signedIn;
  }

  function set(answer) {
    me = { name: answer?.name ?? null, role: answer?.role ?? 'public' };
    setCsrfToken(answer?.csrfToken);
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
      message($('si-error'), e.code === 'invalid-credentials' ? s.badCredentials : errorText(s, e));
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
    const was = me.role;
    await load().catch(() => set(null));
    if (me.role !== was) await onChange();
    open(t().sessionExpired);
  }

  $('sign-in').addEventListener('click', () => open(null));
  $('sign-out').addEventListener('click', signOut);
  $('sign-in-form').addEventListener('submit', submit);
  $('si-cancel').addEventListener('click', () => dialog.close());

  return {
    load, render, expired, open,
    role: () => me.role,
    name: () => me.name,
    atLeast: (minimum) => atLeast(me.role, minimum),
  };
}
