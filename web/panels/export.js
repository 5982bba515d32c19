// Export buttons on the filter panel: what the filters show, as a file (GET /collections/{kind}/export?format=…, with
// the same parameters as the map's items requests, and crs=gk for Gauss–Krüger coordinates). Everyone may export: the
// server gives the public only public statuses and fields. The file is fetched through api.js (so a refusal is shown as
// a message, not downloaded as a file) and saved under the name the server gives.
import { download, errorText } from '../api.js';
import { t } from '../i18n.js';

/** Hands a fetched file to the browser to save under `fileName` (also the meeting report's button, panels/revitalise/). */
export function saveFile(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000); // the browser has taken the file by then
}

/** `filterParams()`: the filters panel's query parameters for parcels and factories. */
export function initExport({ filterParams }) {
  const $ = (id) => document.getElementById(id);

  function message(text) {
    $('export-error').textContent = text ?? '';
    $('export-error').hidden = !text;
  }

  async function exportAs(button) {
    const kind = $('export-kind').value;
    const params = filterParams()[kind];
    if (params.status === '') {
      message(t().exportNoStatus); // no status ticked: the map shows nothing, and so would the file
      return;
    }
    const query = new URLSearchParams(params);
    query.set('format', button.dataset.format);
    if ($('export-gk').checked) query.set('crs', 'gk');
    button.disabled = true;
    button.classList.add('busy');
    message(null);
    try {
      const { blob, fileName } = await download(`/collections/${kind}/export?${query}`);
      saveFile(blob, fileName ?? `${kind}.${button.dataset.extension}`);
    } catch (e) {
      message(errorText(e));
    } finally {
      button.disabled = false;
      button.classList.remove('busy');
      onGkChange();
    }
  }

  /** GeoJSON is lon/lat by definition (RFC 7946): with Gauss–Krüger coordinates its button is off. */
  function onGkChange() {
    const geojson = $('export-buttons').querySelector("button[data-format='geojson']");
    geojson.disabled = $('export-gk').checked;
    geojson.title = $('export-gk').checked ? t().exportGeoJsonLonLat : '';
  }

  $('export-gk').addEventListener('change', onGkChange);
  $('export-buttons').addEventListener('click', (ev) => {
    const button = ev.target.closest('button[data-format]');
    if (button) exportAs(button);
  });
}
