// The gateway's live dashboard: plain fetch against the gateway's own API, polled every 1.5 s; no library and no
// request to any other host, so it works in a lab with no way out.
'use strict';

const POLL_MS = 1500;
const RECENT = 200;
const TOKEN_KEY = 'faas-testbed-token';
const START_TYPES = ['cold', 'image-cached', 'prewarmed', 'warm'];
const $ = id => document.getElementById(id);

let polling = false;
let current = null;       // the last GET /config
let needToken = false;

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  const token = localStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(path, Object.assign({}, options, { headers, cache: 'no-store' }));
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = text; }
  if (res.status === 401) askForToken();
  if (!res.ok && res.status !== 202) {
    throw new ApiError(res.status, (body && body.error) || (res.status + ' ' + res.statusText));
  }
  return body;
}

/** An admin-only area answers 403 to a namespace's token: show that instead of failing the whole refresh. */
async function optional(path) {
  try { return await api(path); } catch (e) { if (e.status === 403) return null; throw e; }
}

function askForToken() {
  needToken = true;
  $('token-form').hidden = false;
  $('token-input').focus();
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function fmtSeconds(s) {
  if (s === null || s === undefined || !isFinite(s)) return '–';
  return s < 1 ? (s * 1000).toFixed(s < 0.01 ? 1 : 0) + ' ms' : s.toFixed(2) + ' s';
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  // Nearest rank, as the gateway's summary does.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))];
}

function timeOf(row) {
  if (row.timestamp === null || row.timestamp === undefined) return NaN;
  return typeof row.timestamp === 'number' ? row.timestamp * 1000 : Date.parse(row.timestamp);
}

function renderStats(recent, summary) {
  const now = Date.now();
  const lastMinute = recent.filter(r => now - timeOf(r) <= 60000);
  // When the rows we fetched all fall inside the minute, they cover less than a minute: divide by what they cover.
  const full = recent.length === RECENT && lastMinute.length === RECENT;
  const span = full ? Math.max(1, (now - timeOf(recent[recent.length - 1])) / 1000) : 60;
  const rate = lastMinute.length / span;
  $('stat-rate').textContent = rate.toFixed(2) + ' /s';
  const secs = recent.filter(r => r.status === 'ok' && r.executionTimeS !== null).map(r => r.executionTimeS)
    .sort((a, b) => a - b);
  $('stat-p50').textContent = fmtSeconds(percentile(secs, 50));
  $('stat-p95').textContent = fmtSeconds(percentile(secs, 95));
  $('stat-p99').textContent = fmtSeconds(percentile(secs, 99));
  $('stat-note').textContent = 'rate over the last 60 s; percentiles over the last ' + secs.length
    + ' successful invocations' + (summary ? '; totals since the CSV began' : '; totals of the last ' + recent.length);
  if (summary) {
    $('stat-total').textContent = summary.rows.reduce((n, r) => n + r.count, 0);
    $('stat-failed').textContent = summary.rows.reduce((n, r) => n + r.failed, 0);
  } else {
    $('stat-total').textContent = recent.length;
    $('stat-failed').textContent = recent.filter(r => r.status !== 'ok').length;
  }
  renderRateChart(recent, now);
  renderStartMix(recent);
}

/** Bars of 5 s over the last two minutes, from the rows' own times: the history is there on the first load. */
function renderRateChart(recent, now) {
  const buckets = new Array(24).fill(0);
  recent.forEach(r => {
    const age = now - timeOf(r);
    if (age >= 0 && age < 120000) buckets[23 - Math.floor(age / 5000)]++;
  });
  const rates = buckets.map(n => n / 5);
  const max = Math.max(0.2, ...rates);
  const svg = $('rate-chart');
  const ns = 'http://www.w3.org/2000/svg';
  svg.innerHTML = '';
  rates.forEach((v, i) => {
    const h = v / max * 76;
    const bar = document.createElementNS(ns, 'rect');
    bar.setAttribute('x', (i * 25 + 1).toString());
    bar.setAttribute('width', '23');
    bar.setAttribute('y', (80 - h).toFixed(1));
    bar.setAttribute('height', h.toFixed(1));
    bar.setAttribute('class', 'rate-bar');
    svg.appendChild(bar);
  });
  $('rate-label').textContent = 'invocations per second in 5 s steps, last 2 min (top of the chart: ' + max.toFixed(1) + ' /s)';
}

function renderStartMix(recent) {
  const counts = {};
  recent.forEach(r => { const k = r.startType || 'none'; counts[k] = (counts[k] || 0) + 1; });
  const total = recent.length || 1;
  const mix = $('start-mix');
  const legend = $('start-legend');
  mix.innerHTML = '';
  legend.innerHTML = '';
  START_TYPES.concat(['none']).forEach(k => {
    const n = counts[k] || 0;
    const seg = el('span', null, 'seg st-' + k);
    seg.style.width = (n / total * 100) + '%';
    mix.appendChild(seg);
    const li = el('li', null);
    li.appendChild(el('span', null, 'swatch st-' + k));
    li.appendChild(document.createTextNode(k + ' ' + n));
    li.id = 'start-' + k;
    legend.appendChild(li);
  });
}

function fillSelect(select, values, current) {
  if (document.activeElement === select) return;   // do not undo what someone is choosing
  const key = values.join('|') + '#' + current;
  if (select.dataset.key === key) return;
  select.innerHTML = '';
  values.forEach(v => { const o = el('option', v); o.value = v; select.appendChild(o); });
  if (current && !values.includes(current)) {
    const o = el('option', current); o.value = current; select.appendChild(o);
  }
  select.value = current || '';
  select.dataset.key = key;
}

function renderConfig(config) {
  current = config;
  fillSelect($('policy-select'), config.policies || [], config.policy);
  fillSelect($('mode-select'), config.modes || [], config.mode);
  fillSelect($('keepalive-select'), config.keepAlives || [], config.keepAlive);
}

function renderFunctions(functions) {
  const body = $('functions-table').tBodies[0];
  body.innerHTML = '';
  functions.forEach(f => {
    const tr = el('tr');
    tr.appendChild(el('td', f.id));
    tr.appendChild(el('td', f.image, 'mono'));
    tr.appendChild(el('td', f.memoryMb > 0 ? f.memoryMb + ' MB' : '–', 'num'));
    body.appendChild(tr);
  });
  const select = $('invoke-function');
  const ids = functions.map(f => f.id);
  if (document.activeElement !== select && select.dataset.key !== ids.join('|')) {
    const keep = select.value;
    select.innerHTML = '';
    ids.forEach(id => { const o = el('option', id); o.value = id; select.appendChild(o); });
    if (ids.includes(keep)) select.value = keep;
    select.dataset.key = ids.join('|');
  }
}

function renderNodes(nodes, pools) {
  const body = $('nodes-table').tBodies[0];
  body.innerHTML = '';
  if (nodes === null) {
    const tr = el('tr'); const td = el('td', 'nodes are shown to the admin token only'); td.colSpan = 6;
    tr.appendChild(td); body.appendChild(tr);
    return;
  }
  const byNode = {};
  (pools || []).forEach(p => {
    const per = byNode[p.node] = {};
    p.containers.forEach(c => {
      const e = per[c.function] = per[c.function] || { idle: 0, busy: 0 };
      if (c.inFlight > 0) e.busy++; else e.idle++;
    });
  });
  nodes.forEach(n => {
    const tr = el('tr');
    tr.dataset.node = n.name;
    tr.appendChild(el('th', n.name)).scope = 'row';
    tr.appendChild(el('td', n.healthy ? 'healthy' : 'unhealthy' + (n.lastError ? ': ' + n.lastError : ''),
      n.healthy ? 'ok' : 'bad'));
    tr.appendChild(el('td', n.cpuPercent === undefined || n.cpuPercent === null ? '–' : n.cpuPercent.toFixed(0) + ' %', 'num'));
    tr.appendChild(el('td', n.ramPercent === undefined || n.ramPercent === null ? '–' : n.ramPercent.toFixed(0) + ' %', 'num'));
    tr.appendChild(el('td', n.inFlight + ' / ' + n.queued, 'num'));
    const parts = [];
    const per = byNode[n.name] || {};
    Object.keys(per).sort().forEach(f => parts.push(f + ': ' + per[f].busy + ' busy, ' + per[f].idle + ' idle'));
    // Static modes have no pool: the node's state per function (warm, image cached) says what it holds.
    Object.entries(n.functions || {}).filter(([f, s]) => !per[f] && s !== 'ABSENT' && s !== 'absent')
      .forEach(([f, s]) => parts.push(f + ': ' + String(s).toLowerCase()));
    tr.appendChild(el('td', parts.join(' · ') || '–'));
    body.appendChild(tr);
  });
}

function renderRecent(recent) {
  const body = $('recent-table').tBodies[0];
  body.innerHTML = '';
  recent.slice(0, 25).forEach(r => {
    const tr = el('tr');
    tr.dataset.invocationId = r.invocationId;
    const t = timeOf(r);
    tr.appendChild(el('td', isNaN(t) ? '–' : new Date(t).toLocaleTimeString(), 'mono'));
    tr.appendChild(el('td', r.function));
    tr.appendChild(el('td', r.node || '–'));
    tr.appendChild(el('td', r.status + (r.failure ? ' (' + r.failure + ')' : ''), r.status === 'ok' ? 'ok' : 'bad'));
    tr.appendChild(el('td', r.startType || '–'));
    tr.appendChild(el('td', r.mode || '–'));
    tr.appendChild(el('td', r.policy || '–'));
    tr.appendChild(el('td', r.executionTimeS === null ? '–' : r.executionTimeS.toFixed(3), 'num'));
    body.appendChild(tr);
  });
}

async function refresh() {
  if (polling || needToken) return;
  polling = true;
  try {
    const [config, functions, recent, nodes, pools, summary] = await Promise.all([
      api('/config'), api('/functions'), api('/invocations/recent?limit=' + RECENT),
      optional('/nodes'), optional('/pool'), optional('/metrics/summary')]);
    renderConfig(config);
    renderFunctions(functions);
    renderNodes(nodes, pools);
    renderRecent(recent);
    renderStats(recent, summary);
    $('status').textContent = 'live · ' + config.policy + ' · ' + config.mode
      + (config.keepAlive ? ' · ' + config.keepAlive : '') + ' · updated ' + new Date().toLocaleTimeString();
    $('status').className = '';
    $('token-forget').hidden = !localStorage.getItem(TOKEN_KEY);
  } catch (e) {
    $('status').textContent = e.status === 401 ? 'a token is needed' : 'gateway unreachable or failing: ' + e.message;
    $('status').className = 'bad';
  } finally {
    polling = false;
  }
}

function splitFunction(id) {
  const i = id.indexOf('/');
  return i < 0 ? { ns: null, name: id } : { ns: id.slice(0, i), name: id.slice(i + 1) };
}

async function invoke(ev) {
  ev.preventDefault();
  const f = splitFunction($('invoke-function').value);
  const url = '/functions/invoke/' + encodeURIComponent(f.name) + (f.ns ? '?namespace=' + encodeURIComponent(f.ns) : '');
  $('invoke-button').disabled = true;
  $('invoke-summary').textContent = 'invoking ' + $('invoke-function').value + '…';
  $('invoke-output').textContent = '';
  try {
    const r = await api(url, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' },
      body: $('invoke-payload').value });
    $('invoke-summary').textContent = r.status + ' on ' + r.node + ' in ' + fmtSeconds(r.executionTimeS)
      + (r.container && r.container.startType ? ' (' + r.container.startType + ')' : '');
    $('invoke-summary').className = r.status === 'ok' ? 'ok' : 'bad';
    $('invoke-output').textContent = r.output === undefined ? JSON.stringify(r, null, 2) : r.output;
  } catch (e) {
    $('invoke-summary').textContent = 'failed: ' + e.message;
    $('invoke-summary').className = 'bad';
  } finally {
    $('invoke-button').disabled = false;
    refresh();
  }
}

async function applyConfig(ev) {
  ev.preventDefault();
  // Only what changed: setting the mode again would prepare every node again.
  const change = {};
  if (!current || $('policy-select').value !== current.policy) change.policy = $('policy-select').value;
  if (!current || $('mode-select').value !== current.mode) change.mode = $('mode-select').value;
  if ($('keepalive-select').value && (!current || $('keepalive-select').value !== current.keepAlive)) {
    change.keepAlive = $('keepalive-select').value;
  }
  if (!Object.keys(change).length) {
    $('config-status').textContent = 'nothing to change';
    return;
  }
  $('config-apply').disabled = true;
  $('config-status').textContent = 'applying (a mode change prepares the nodes)…';
  try {
    const c = await api('/config', { method: 'PUT', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(change) });
    $('config-status').textContent = 'now ' + c.policy + ' · ' + c.mode + (c.keepAlive ? ' · ' + c.keepAlive : '');
    $('config-status').className = 'ok';
    ['policy-select', 'mode-select', 'keepalive-select'].forEach(id => { $(id).dataset.key = ''; });
  } catch (e) {
    $('config-status').textContent = 'not applied: ' + e.message;
    $('config-status').className = 'bad';
  } finally {
    $('config-apply').disabled = false;
    refresh();
  }
}

async function deploy(ev) {
  ev.preventDefault();
  const file = $('deploy-file').files[0];
  if (!file) return;
  const status = $('deploy-status');
  $('deploy-button').disabled = true;
  try {
    const b = await api('/functions/deploy?name=' + encodeURIComponent($('deploy-name').value),
      { method: 'POST', headers: { 'Content-Type': 'application/gzip' }, body: file });
    status.textContent = 'building ' + b.function + ' (' + b.buildId + ')…';
    let build = b;
    while (!['ok', 'failed'].includes(build.status)) {
      await new Promise(r => setTimeout(r, 1000));
      build = await api('/builds/' + encodeURIComponent(b.buildId));
      status.textContent = 'build ' + build.status + '…';
    }
    status.textContent = 'build ' + build.status + (build.error ? ': ' + build.error : '');
    status.className = build.status === 'ok' ? 'ok' : 'bad';
  } catch (e) {
    status.textContent = 'deploy failed: ' + e.message;
    status.className = 'bad';
  } finally {
    $('deploy-button').disabled = false;
  }
}

function saveToken(ev) {
  ev.preventDefault();
  localStorage.setItem(TOKEN_KEY, $('token-input').value.trim());
  $('token-input').value = '';
  $('token-form').hidden = true;
  needToken = false;
  refresh();
}

document.addEventListener('DOMContentLoaded', () => {
  $('token-form').addEventListener('submit', saveToken);
  $('token-forget').addEventListener('click', () => { localStorage.removeItem(TOKEN_KEY); location.reload(); });
  $('invoke-form').addEventListener('submit', invoke);
  $('config-form').addEventListener('submit', applyConfig);
  $('deploy-form').addEventListener('submit', deploy);
  refresh();
  setInterval(refresh, POLL_MS);
});
