// Who may do what on the page: public < staff < editor < admin. The signed-in role is the store's `role`; the server
// checks every request anyway, this only decides which controls are shown.
import * as store from './store.js';

const RANK = { public: 0, staff: 1, editor: 2, admin: 3 };

/** True when `role` (by default the signed-in one) has at least the rights of `minimum`. */
export function atLeast(minimum, role = store.get('role')) {
  return (RANK[role] ?? 0) >= RANK[minimum];
}
