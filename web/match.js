// "Match a project" panel: saves the project, asks /api/match, lists ranked candidates (score bars, reasons) and near
// misses (failed checks), highlights both on the map, reserves/undoes, and runs batch allocation (/api/allocate).

async function send(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new Error(data?.errors?.map((e) => `${e.field}: ${e.reason}`).join('; ') ?? data?.detail ?? res.statusText);
    err.code = data?.code;
    throw err;
  }
  return data;
}

const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

export function initMatching({ L, map, t, lang, fmt, coords, zones, onResourcesChanged }) {
  const $ = (id) => document.getElementById(id);
  const layer = L.layerGroup().addTo(map);
  // Pins sit above the zone name labels (tooltip pane, z-index 650), or a label could hide the best candidate.
  map.createPane('matchPins').style.zIndex = 660;
  const shapes = new Map();
  let projectId = null;
  let last = null;

  function showTab(which) {
    const match = which === 'match';
    $('match-panel').hidden = !match;
    $('filters').hidden = match;
    $('summary').hidden = match;
    $('tab-match').classList.toggle('active', match);
    $('tab-filters').classList.toggle('active', !match);
    $('tab-match').setAttribute('aria-selected', String(match));
    $('tab-filters').setAttribute('aria-selected', String(!match));
  }

  function projectFromForm() {
    const f = new FormData($('match-form'));
    const num = (k) => (f.get(k) === '' || f.get(k) === null ? undefined : Number(f.get(k)));
    const p = {
      name: f.get('name'), industryChain: f.get('industryChain') || undefined, pollutionClass: f.get('pollutionClass'),
      investmentWan: num('investmentWan'), landNeedMu: num('landNeedMu'), floorNeedM2: num('floorNeedM2'), powerKva: num('powerKva'),
      annualTaxWan: num('annualTaxWan'), maxLandPriceWanPerMu: num('maxLandPriceWanPerMu'), minFloorHeightM: num('minFloorHeightM'),
      maxRentYuanM2Month: num('maxRentYuanM2Month'),
    };
    return p;
  }

  // Candidates and assignments get a numbered pin at their centre (a 40 亩 parcel is a pixel at zone scale); near misses
  // only a dashed outline. The view fits the candidates, or the near misses when nothing fits.
  function draw(featureCollection) {
    layer.clearLayers();
    shapes.clear();
    const pinned = [];
    L.geoJSON(featureCollection, {
      coordsToLatLng: coords(),
      style: (ft) => ft.properties.role === 'nearMiss'
        ? { color: '#6b7280', weight: 2, dashArray: '4 4', fillOpacity: 0.05, className: 'match-near' }
        : { color: '#ffb000', weight: 4, fillOpacity: 0.15, className: 'match-candidate' },
      onEachFeature: (ft, l) => {
        const p = ft.properties;
        shapes.set(`${p.role}:${p.code}`, l);
        const label = p.role === 'assigned' ? `${esc(p.project)} → ${esc(p.code)}` : `${p.rank && p.role === 'candidate' ? '#' + p.rank + ' ' : ''}${esc(p.code)}`;
        l.bindTooltip(`${label} · ${fmt(p.score, 1)}`);
        if (p.role === 'nearMiss') return;
        pinned.push(l);
        const text = p.role === 'candidate' ? String(p.rank) : '✓';
        L.marker(l.getBounds().getCenter(), { pane: 'matchPins', icon: L.divIcon({ className: 'match-pin', html: `<span>${text}</span>`, iconSize: [24, 24] }), title: p.code })
          .on('click', () => map.fitBounds(l.getBounds(), { maxZoom: 17, animate: false, padding: [40, 40] }))
          .addTo(layer);
      },
    }).addTo(layer);
    const focus = pinned.length ? pinned : [...shapes.values()];
    if (focus.length) map.fitBounds(L.featureGroup(focus).getBounds(), { padding: [40, 40], animate: false, maxZoom: 16 });
  }

  function item(c, role) {
    const s = t();
    const size = c.kind === 'land' ? `${fmt(c.areaMu)} ${s.units.mu} · ${c.landUse}` : `${fmt(c.vacantFloorM2, 0)} m²`;
    const reason = role === 'candidate'
      ? `<div class="reason">${esc(lang() === 'zh' ? c.reasonZh : c.reason)}</div>`
      : c.failures.map((f) => `<div class="fail">✗ ${esc(lang() === 'zh' ? f.messageZh : f.message)}</div>`).join('');
    const reserve = role === 'candidate' && projectId ? `<button type="button" class="reserve">${s.reserve}</button>` : '';
    return `<li data-code="${esc(c.code)}" data-kind="${c.kind}" data-role="${role}">
      <div class="head"><span>${role === 'candidate' ? `#${c.rank} ` : ''}${esc(c.code)}</span><span>${fmt(c.score, 1)}</span></div>
      <div>${esc(c.zone)} · ${size}</div>
      <div class="bar" title="${s.score} ${fmt(c.score, 1)} / 100"><span style="width:${Math.max(0, Math.min(100, c.score))}%"></span></div>
      ${reason}
      <div class="buttons"><button type="button" class="zoom">${s.zoom}</button>${reserve}</div>
    </li>`;
  }

  function render() {
    if (!last) return;
    const s = t();
    $('m-route').textContent = `${s.route}：${lang() === 'zh' ? last.route.ruleZh : last.route.rule}`;
    $('m-count').textContent = `${last.candidates.length} / ${last.candidateCount}`;
    $('m-near-count').textContent = `${last.nearMisses.length} / ${last.nearMissCount}`;
    $('m-candidates').innerHTML = last.candidates.map((c) => item(c, 'candidate')).join('') || `<li>${s.none}</li>`;
    $('m-near').innerHTML = last.nearMisses.map((c) => item(c, 'nearMiss')).join('') || `<li>${s.none}</li>`;
    $('m-result').hidden = false;
  }

  async function submit(ev) {
    ev.preventDefault();
    $('m-error').hidden = true;
    $('m-submit').disabled = true;
    try {
      const project = projectFromForm();
      const saved = await send('POST', '/api/projects', project);
      projectId = saved.id;
      const zone = $('m-zone').value;
      last = await send('POST', '/api/match', { projectId, pool: $('m-pool').value, ...(zone ? { zones: [zone] } : {}) });
      render();
      draw(last.features);
    } catch (e) {
      $('m-error').textContent = `${t().errors[e.code] ?? t().errors.network}：${e.message}`;
      $('m-error').hidden = false;
    } finally {
      $('m-submit').disabled = false;
    }
  }

  async function onListClick(ev) {
    const li = ev.target.closest('li[data-code]');
    if (!li) return;
    const shape = shapes.get(`${li.dataset.role}:${li.dataset.code}`);
    document.querySelectorAll('.results li.selected').forEach((x) => x.classList.remove('selected'));
    li.classList.add('selected');
    if (ev.target.classList.contains('reserve')) {
      ev.target.disabled = true;
      try {
        const r = await send('POST', '/api/reservations', { projectId, kind: li.dataset.kind === 'land' ? 'parcel' : 'factory', code: li.dataset.code });
        ev.target.outerHTML = `<span class="reserved-tag">${t().reserved}</span> <button type="button" class="undo" data-reservation="${r.id}">${t().undo}</button>`;
        onResourcesChanged();
      } catch (e) {
        ev.target.disabled = false;
        $('m-error').textContent = `${t().errors[e.code] ?? t().errors.network}：${e.message}`;
        $('m-error').hidden = false;
      }
      return;
    }
    if (ev.target.classList.contains('undo')) {
      await send('DELETE', `/api/reservations/${ev.target.dataset.reservation}`);
      ev.target.previousElementSibling?.remove();
      ev.target.outerHTML = `<button type="button" class="reserve">${t().reserve}</button>`;
      onResourcesChanged();
      return;
    }
    if (shape) {
      map.fitBounds(shape.getBounds(), { maxZoom: 17, animate: false, padding: [40, 40] });
      shape.openTooltip();
    }
  }

  async function allocate() {
    const s = t();
    $('m-allocate').disabled = true;
    try {
      const r = await send('POST', '/api/allocate');
      const rows = (pool) => [
        ...pool.assignments.map((a) => `<tr><td>${esc(a.projectName)}</td><td>${esc(a.code)}</td><td>${fmt(a.score, 1)}</td></tr>`),
        ...pool.unassigned.map((u) => `<tr class="unassigned"><td>${esc(u.projectName)}</td><td colspan="2">${s.unassigned}：${esc(lang() === 'zh' ? u.reasonZh : u.reason)}</td></tr>`),
      ].join('') || `<tr><td colspan="3">${s.none}</td></tr>`;
      $('m-allocation').innerHTML = `
        <p class="summary"><b>${s.allocLand}</b> ${s.total} ${fmt(r.land.totalScore, 1)}</p>
        <table id="alloc-land"><tr><th>${s.project}</th><th>${s.resource}</th><th>${s.score}</th></tr>${rows(r.land)}</table>
        <p class="summary"><b>${s.allocFactory}</b> ${s.total} ${fmt(r.factory.totalScore, 1)} · ${s.gap} ${fmt(r.factory.gap * 100, 2)}%</p>
        <table id="alloc-factory"><tr><th>${s.project}</th><th>${s.resource}</th><th>${s.score}</th></tr>${rows(r.factory)}</table>`;
      $('m-allocation').hidden = false;
      draw(r.features);
    } catch (e) {
      $('m-error').textContent = `${t().errors[e.code] ?? t().errors.network}：${e.message}`;
      $('m-error').hidden = false;
    } finally {
      $('m-allocate').disabled = false;
    }
  }

  function fillZones() {
    const select = $('m-zone');
    const current = select.value;
    select.length = 1;
    for (const z of zones().filter((x) => !x.properties.parent)) select.add(new Option(lang() === 'zh' ? z.properties.nameZh : z.properties.nameEn, z.properties.code));
    select.value = current;
  }

  $('tab-filters').addEventListener('click', () => showTab('filters'));
  $('tab-match').addEventListener('click', () => showTab('match'));
  $('match-form').addEventListener('submit', submit);
  $('m-candidates').addEventListener('click', onListClick);
  $('m-near').addEventListener('click', onListClick);
  $('m-allocate').addEventListener('click', allocate);
  fillZones();
  return { rerender: () => { fillZones(); render(); } };
}
