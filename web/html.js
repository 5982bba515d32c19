// The one way the page turns values into HTML. Everything that came from the database or the user (addresses, contacts,
// project and zone names, reasons, codes…) is text: `esc` escapes it, and the `html` template tag escapes every value
// put into it unless that value is itself a piece built by `html` (so pieces nest without double escaping).

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The text of a value, safe inside an element or a quoted attribute. null and undefined become ''. */
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

class Html {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}

function part(value) {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(part).join('');
  return esc(value);
}

/** Tagged template: html`<td>${value}</td>` escapes `value`; arrays are joined; html`` pieces pass unchanged. */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((v, i) => { out += part(v) + strings[i + 1]; });
  return new Html(out);
}

/** Sets an element's content from an html`` piece (a plain string is escaped: it is text). */
export function setHtml(element, piece) {
  element.innerHTML = part(piece);
}

/** An html`` piece as DOM nodes, e.g. for element.replaceWith(nodes(html`…`)). */
export function nodes(piece) {
  const template = document.createElement('template');
  template.innerHTML = part(piece);
  return template.content;
}
