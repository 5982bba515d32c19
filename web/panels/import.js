// "Import a ledger" (导入台账) panel, for editors and admins. (1) A kind and a file: each choice runs a dry run
// (POST /api/imports/{kind}, the file's bytes as the body, dryRun=true), which shows the detected format, encoding,
// coordinate system and counts. (2) The column mapping the server used, as a table of selects: a change re-runs the dry
// run with map.FIELD=HEADER; a mapping can be saved under a name (PUT /api/imports/mappings/{name}) and reused. (3) The
// preview drawn in its own layer (layers/import-preview.js) and the problems listed by row; a click on a
// problem zooms to its row. (4) The real run (dryRun=false): all or nothing; the map is redrawn when it wrote.
// Everything the file or the server says (headers, codes, reasons, notes) is text.
import { api, upload, errorText, ApiError } from '../api.js';
import { lang, t } from '../i18n.js';
import { atLeast } from '../roles.js';
import * as store from '../store.js';
import { fmt } from '../format.js';
import { fieldLabel, mappableFields } from './ledger-fields.js';
import { html, setHtml } from '../html.js';

const FORMAT_NAMES = { csv: 'CSV', xlsx: 'Excel (XLSX)', geojson: 'GeoJSON', shapefile: 'Shapefile', geopackage: 'GeoPackage' };
/** CGCS2000 Gauss–Krüger EPSG codes with the zone number prefixed to the easting: 6° zones 4491–4501, 3° zones 4513–4533. */
const PREFIXED_EPSG = [[4491, 4501], [4513, 4533]];

/** `layer`: layers/import-preview.js; `onImported()` after a run that wrote. */
export function initImport({ layer, onImported }) {
  const $ = (id) => document.getElementById(id);
  let role = 'public';
  let file = null;
  let overrides = {}; // field key → the file's header the user chose ('' for none)
  let report = null; // the last dry run's (or refused run's) answer
  let savedMappings = [];
  let seq = 0;

  const kind = () => $('imp-kind').value;
  const s = () => t();

  function message(id, text) {
    $(id).textContent = text ?? '';
    $(id).hidden = !text;
  }

  function query(dryRun, withOverrides) {
    const q = new URLSearchParams({ fileName: file.name, dryRun: String(dryRun) });
    if ($('imp-encoding').value) q.set('encoding', $('imp-encoding').value);
    if ($('imp-cm').value) q.set('centralMeridian', $('imp-cm').value);
    if ($('imp-repair').checked) q.set('repair', 'true');
    if ($('imp-retire').checked) q.set('retireMissing', 'true');
    if ($('imp-saved').value) q.set('mapping', $('imp-saved').value);
    for (const [field, header] of Object.entries(withOverrides)) q.set(`map.${field}`, header);
    return `/api/imports/${kind()}?${q}`;
  }

  /** Forgets the report and the preview (a new file, a new kind, another user). */
  function clearReport() {
    report = null;
    layer.clear();
    $('imp-report').hidden = true;
  }

  /** Forgets the file too (after an import, so the same file is not sent twice by accident). */
  function clearFile() {
    file = null;
    overrides = {};
    $('imp-file').value = '';
    showFileName();
    clearReport();
  }

  /** The chosen file's name beside the button (the native input is hidden: its button would speak the browser's language). */
  function showFileName() {
    const name = $('imp-file-name');
    name.textContent = file ? file.name : s().impNoFile;
    name.classList.toggle('chosen', Boolean(file));
  }

  /** Back to the start: another user's choices are not this one's. */
  function clear() {
    seq++;
    clearFile();
    $('imp-form').reset();
    $('imp-repair').checked = false;
    $('imp-retire').checked = false;
    $('imp-mapping-name').value = '';
    message('imp-mapping-saved', null);
    message('imp-error', null);
    message('imp-result', null);
    $('imp-busy').hidden = true;
  }

  /**
   * A dry run with `nextOverrides`. When it fails, a mapping change is undone (the last report stays, and the selects
   * show its mapping again); any other failure means the last report no longer describes the choices, so it goes.
   */
  async function dryRun(nextOverrides = overrides, { revertOnError = false } = {}) {
    if (!file) return;
    const mine = ++seq;
    $('imp-busy').hidden = false;
    $('imp-confirm').disabled = true;
    message('imp-error', null);
    message('imp-result', null);
    try {
      const answer = await upload(query(true, nextOverrides), file);
      if (mine !== seq) return;
      overrides = nextOverrides;
      // A mapping change keeps the view (the user may have zoomed to a problem) unless nothing was drawn before.
      show(answer, { fit: !revertOnError || layer.size === 0 });
    } catch (e) {
      if (mine !== seq) return;
      message('imp-error', errorText(e));
      if (revertOnError && report) render();
      else clearReport();
    } finally {
      if (mine === seq) {
        $('imp-busy').hidden = true;
        $('imp-confirm').disabled = !canConfirm();
      }
    }
  }

  function canConfirm() {
    return Boolean(report && file && report.counts.rejected === 0);
  }

  async function confirm() {
    if (!canConfirm()) return;
    const mine = ++seq;
    $('imp-confirm').disabled = true;
    $('imp-busy').hidden = false;
    message('imp-error', null);
    try {
      const answer = await upload(query(false, overrides), file);
      if (mine !== seq) return;
      const c = answer.counts;
      clearFile();
      $('imp-result').className = 'result ok';
      message('imp-result', s().impDone(c, $('imp-retire').checked));
      onImported();
    } catch (e) {
      if (mine !== seq) return;
      if (e instanceof ApiError && e.status === 422 && e.body?.counts) {
        // Refused: rejected rows (e.g. the data changed since the dry run). Nothing was written; the report says why.
        show(e.body, { fit: true });
        $('imp-result').className = 'result refused';
        message('imp-result', s().impRefused(e.body.counts.rejected));
      } else {
        message('imp-error', errorText(e));
      }
    } finally {
      if (mine === seq) {
        $('imp-busy').hidden = true;
        $('imp-confirm').disabled = !canConfirm();
      }
    }
  }

  /** Each preview row's state, with rows the database rejected (e.g. in no zone) marked as such too. */
  function rowStates() {
    const blocking = new Set(report.problems.filter((p) => p.blocking).map((p) => p.row));
    return (ft) => (blocking.has(ft.properties.row) ? 'rejected' : ft.properties.state);
  }

  function draw({ fit }) {
    layer.show(report.preview, rowStates(), { fit });
  }

  function crsText(crs) {
    const x = s();
    if (crs.centralMeridian == null) return `${x.impLonLat} (EPSG:${crs.epsg})${crs.swapped ? x.impSwapped : ''}`;
    const sixDegree = crs.epsg >= 4491 && crs.epsg <= 4512;
    const prefixed = PREFIXED_EPSG.some(([a, b]) => crs.epsg >= a && crs.epsg <= b);
    const zone = crs.zone ?? (sixDegree ? (crs.centralMeridian + 3) / 6 : crs.centralMeridian / 3);
    return `${x.impGk(sixDegree ? 6 : 3, crs.centralMeridian, prefixed ? zone : null)} (EPSG:${crs.epsg})${crs.swapped ? x.impSwapped : ''}`;
  }

  function renderFacts() {
    const x = s();
    const fact = (key, label, value, extra = '') => html`<div data-fact="${key}"><dt>${label}</dt><dd>${value}${extra}</dd></div>`;
    const size = report.sizeBytes < 1024 * 1024 ? `${fmt(report.sizeBytes / 1024, 1)} KB` : `${fmt(report.sizeBytes / 1024 / 1024, 1)} MB`;
    setHtml($('imp-detected'), html`
      ${fact('file', x.impFileName, `${report.fileName} · ${size}`)}
      ${fact('format', x.impFormat, FORMAT_NAMES[report.format] ?? report.format)}
      ${fact('encoding', x.impEncoding, report.encoding ?? '—')}
      ${fact('crs', x.impCrs, crsText(report.crs), html`<small class="muted">${report.crs.description}</small>`)}
      ${report.notes.length ? fact('notes', x.impNotes, '', html`<ul class="notes">${report.notes.map((n) => html`<li>${n}</li>`)}</ul>`) : ''}`);
    const c = report.counts;
    const keys = ['rows', 'new', 'changed', 'unchanged', 'rejected', 'flagged', ...($('imp-retire').checked ? ['retired'] : [])];
    setHtml($('imp-counts'), keys.map((k) => html`<div data-count="${k}" class="${c[k] > 0 && (k === 'rejected' || k === 'flagged') ? `count-${k}` : ''}">
      <strong>${fmt(c[k], 0)}</strong><span>${x.impCounts[k]}</span></div>`));
  }

  /**
   * The fields with a column (and the required ones, mapped or not) in a table; the others, unmapped, folded away below
   * it, so a ledger of five columns is not shown as thirty rows of "—".
   */
  function renderMapping() {
    const x = s();
    const columns = report.columns;
    const fields = mappableFields(report.kind, report.format);
    const row = (f) => {
      const mapped = report.mapping[f.key] ?? '';
      const missing = f.required && !mapped;
      return html`<tr data-field="${f.key}" class="${missing ? 'missing' : mapped ? 'mapped' : ''}">
        <th><label for="imp-map-${f.key}">${f[lang()]}${f.required ? ' *' : ''}</label></th>
        <td><select id="imp-map-${f.key}" data-testid="imp-map-${f.key}" data-field="${f.key}"><option value="">—</option>
          ${columns.map((col) => html`<option value="${col}" ${col === mapped ? html`selected` : ''}>${col}</option>`)}</select></td></tr>`;
    };
    const shown = fields.filter((f) => f.required || report.mapping[f.key] || f.key in overrides);
    const folded = fields.filter((f) => !shown.includes(f));
    const open = $('imp-more')?.open ?? false;
    setHtml($('imp-mapping'), html`<table class="mapping"><thead><tr><th>${x.impField}</th><th>${x.impColumn}</th></tr></thead>
      <tbody>${shown.map(row)}</tbody></table>
      ${folded.length ? html`<details id="imp-more" ${open ? html`open` : ''}><summary>${x.impMoreFields(folded.length)}</summary>
        <table class="mapping"><tbody>${folded.map(row)}</tbody></table></details>` : ''}`);
    const used = new Set(Object.values(report.mapping));
    const unused = columns.filter((col) => !used.has(col));
    message('imp-unused', unused.length ? `${x.impUnused}${x.sep}${unused.join('、')}` : null);
  }

  function renderProblems() {
    const x = s();
    const problems = report.problems;
    const c = report.counts;
    const zoomable = problems.some((p) => layer.has(p.row));
    $('imp-problem-count').textContent = problems.length ? x.impProblemCount(problems.length, c.rejected, c.flagged, zoomable) : x.impNoProblems;
    setHtml($('imp-problems'), problems.map((p) => html`<li data-row="${p.row}" data-testid="problem" class="${p.blocking ? 'blocking' : 'flag'} ${layer.has(p.row) ? 'has-shape' : ''}">
      <div class="head"><span class="row">${x.impRow(p.row)}</span><span class="field">${fieldLabel(report.kind, p.field, lang())}</span>
        <span class="what">${x.impProblemCodes[p.code] ?? p.code}</span></div>
      <div class="reason">${p.reason}</div></li>`));
  }

  function renderConfirm() {
    const c = report.counts;
    message('imp-blocked', c.rejected > 0 ? s().impBlocked(c.rejected) : null);
    $('imp-confirm').disabled = !canConfirm();
  }

  /** Shows a report: facts and counts, mapping, preview and problems. */
  function show(answer, { fit }) {
    report = answer;
    render({ fit });
  }

  function render({ fit = false } = {}) {
    if (!report) return;
    draw({ fit });
    renderFacts();
    renderMapping();
    renderProblems();
    renderConfirm();
    $('imp-report').hidden = false;
  }

  async function loadSavedMappings() {
    try {
      savedMappings = await api('/api/imports/mappings');
    } catch {
      savedMappings = []; // only a convenience: the wizard works without them
    }
    fillSaved();
  }

  function fillSaved() {
    const select = $('imp-saved');
    const current = select.value;
    select.length = 1;
    for (const m of savedMappings.filter((x) => x.kind === kind())) select.add(new Option(m.name, m.name));
    select.value = savedMappings.some((m) => m.name === current && m.kind === kind()) ? current : '';
  }

  async function saveMapping() {
    const name = $('imp-mapping-name').value.trim();
    const x = s();
    if (!name) {
      message('imp-mapping-saved', null);
      message('imp-error', x.impNameMissing);
      return;
    }
    $('imp-mapping-save').disabled = true;
    message('imp-error', null);
    try {
      await api(`/api/imports/mappings/${encodeURIComponent(name)}`, { method: 'PUT', body: { kind: report.kind, mapping: report.mapping } });
      message('imp-mapping-saved', x.impSaved(name));
      await loadSavedMappings();
    } catch (e) {
      message('imp-error', errorText(e));
    } finally {
      $('imp-mapping-save').disabled = false;
    }
  }

  function onProblemClick(ev) {
    const li = ev.target.closest('li[data-row]');
    if (!li) return;
    document.querySelectorAll('#imp-problems li.selected').forEach((x) => x.classList.remove('selected'));
    li.classList.add('selected');
    layer.focus(Number(li.dataset.row));
  }

  function fillMeridians() {
    const select = $('imp-cm');
    for (let cm = 75; cm <= 135; cm += 3) select.add(new Option(`${cm}°E`, String(cm)));
  }

  /** Editors and admins only; another user starts afresh (the file and report were the previous user's). */
  function applyRole() {
    const newRole = store.get('role');
    if (newRole !== role) clear();
    role = newRole;
    if (atLeast('editor', role)) loadSavedMappings();
  }

  fillMeridians();
  showFileName();
  $('imp-file').addEventListener('change', () => {
    file = $('imp-file').files[0] ?? null;
    showFileName();
    overrides = {};
    clearReport();
    message('imp-result', null);
    message('imp-mapping-saved', null);
    dryRun();
  });
  $('imp-kind').addEventListener('change', () => {
    overrides = {};
    clearReport();
    fillSaved();
    dryRun();
  });
  $('imp-encoding').addEventListener('change', () => { overrides = {}; dryRun(); });
  $('imp-cm').addEventListener('change', () => dryRun());
  $('imp-saved').addEventListener('change', () => { overrides = {}; dryRun(); });
  $('imp-repair').addEventListener('change', () => dryRun());
  $('imp-retire').addEventListener('change', () => dryRun());
  $('imp-mapping').addEventListener('change', (ev) => {
    const field = ev.target.dataset.field;
    if (field) dryRun({ ...overrides, [field]: ev.target.value }, { revertOnError: true });
  });
  $('imp-mapping-save').addEventListener('click', saveMapping);
  $('imp-confirm').addEventListener('click', confirm);
  $('imp-problems').addEventListener('click', onProblemClick);
  $('imp-form').addEventListener('submit', (ev) => ev.preventDefault());

  // The preview is on the map only while the import tab is open.
  store.subscribe('tab', (tab) => layer.setShown(tab === 'import'));
  store.subscribe('lang', () => { fillSaved(); showFileName(); render(); });
  return { applyRole };
}
