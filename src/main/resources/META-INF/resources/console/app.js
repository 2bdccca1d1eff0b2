// The duty console: a few pages over the hub's own API (/api/v1), signed in with a session cookie.
// No framework and no build: every element is made with h(), so data is always text, never markup.
import { t, lang, toggleLang, applyStatic } from './i18n.js';
import { barChart, lineChart, pointMap } from './charts.js';
import { h } from './dom.js';

const view = document.getElementById('view');
const SEVERITY_RANK = { CRITICAL: 0, MAJOR: 1, MINOR: 2, WARNING: 3 };
const CHILD_LEVEL = { PROVINCE: 'city', CITY: 'district', COUNTY: 'street', STREET: 'community' };
let me = null;
let stream = null;
let cleanup = null;
const streamListeners = new Set();

// ---- elements, calls, formats ----

class Refused extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
  }
}

async function api(path, { method = 'GET', body, accept = 'application/json' } = {}) {
  const response = await fetch('/api/v1/' + path, {
    method, credentials: 'same-origin',
    headers: { Accept: accept, 'X-Requested-With': 'console', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (response.status === 401 && path !== 'sessions') {
    signedOut();
    throw new Refused(401, { detail: t('signIn') });
  }
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch (e) { /* not a problem document */ }
    throw new Refused(response.status, problem);
  }
  if (response.status === 204) return null;
  return accept === 'application/json' ? response.json() : response.blob();
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString(lang(), { hour12: false }) : '—';
}

function age(iso) {
  const s = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 90) return Math.round(s) + ' s';
  if (s < 5400) return Math.round(s / 60) + ' min';
  if (s < 172800) return (s / 3600).toFixed(1) + ' h';
  return Math.round(s / 86400) + ' d';
}

function pct(value) {
  return value == null ? '—' : Number(value).toFixed(1) + ' %';
}

function badge(value, extra = '') {
  return h('span', { class: `badge ${value} ${extra}`.trim() }, value ?? '—');
}

/** Replaces the page's content; absent parts (null, false) are left out, not shown as text. */
function show(...parts) {
  view.replaceChildren(...parts.flat(Infinity).filter(part => part != null && part !== false));
}

function failure(error) {
  return h('p', { class: 'error', role: 'alert' }, error.message);
}

function defaultArea() {
  return me?.areaCodes?.[0] || sessionStorage.getItem('hub.rootArea') || '';
}

function hashParams() {
  const i = location.hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : location.hash.slice(i + 1));
}

function go(hash) {
  location.hash = hash;
}

function select(name, label, options, value) {
  return h('label', {}, label, h('select', { name },
    options.map(([v, text]) => h('option', { value: v, selected: v === (value ?? '') }, text))));
}

function input(name, label, value = '', attrs = {}) {
  return h('label', {}, label, h('input', { name, value: value ?? '', ...attrs }));
}

// ---- signing in and out, and the live stream ----

async function signIn(event) {
  event.preventDefault();
  const form = event.target;
  const error = form.querySelector('.error');
  unlockAudio();
  try {
    const session = await api('sessions', { method: 'POST', body: { username: form.username.value, password: form.password.value } });
    me = { username: session.username, roles: session.roles, areaCodes: session.areaCodes };
    await signedIn();
    go('#/alerts');
  } catch (e) {
    error.textContent = e.message;
  }
}

async function signedIn() {
  document.getElementById('nav').hidden = false;
  document.getElementById('signout').hidden = false;
  document.getElementById('who').textContent = `${me.username} · ${me.roles.join(', ')}`;
  if (!me.areaCodes.length && !sessionStorage.getItem('hub.rootArea')) {
    const roots = await api('areas?level=PROVINCE&size=1');
    if (roots.items.length) sessionStorage.setItem('hub.rootArea', roots.items[0].code);
  }
  openStream();
}

function signedOut() {
  me = null;
  if (stream) { stream.close(); stream = null; }
  document.getElementById('nav').hidden = true;
  document.getElementById('signout').hidden = true;
  document.getElementById('who').textContent = '';
  document.getElementById('critical').hidden = true;
  if (!location.hash.startsWith('#/sign-in')) go('#/sign-in');
}

async function signOut() {
  try { await api('sessions/current', { method: 'DELETE' }); } catch (e) { /* signed out anyway */ }
  signedOut();
}

function openStream() {
  if (stream) stream.close();
  stream = new EventSource('/api/v1/alerts/stream');
  stream.onmessage = message => {
    const alert = JSON.parse(message.data);
    if (alert.severity === 'CRITICAL' && alert.state === 'OPEN') raiseCritical(alert);
    streamListeners.forEach(listener => listener('alert', alert));
  };
  stream.addEventListener('broadcast', message => {
    streamListeners.forEach(listener => listener('broadcast', JSON.parse(message.data)));
  });
  stream.onerror = () => document.body.classList.add('stream-down');
  stream.onopen = () => document.body.classList.remove('stream-down');
}

let audio = null;
function unlockAudio() {
  try {
    audio = audio || new AudioContext();
    audio.resume();
  } catch (e) { /* no sound on this browser */ }
}

function beep() {
  if (!audio) return;
  for (let i = 0; i < 3; i++) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.value = 0.2;
    osc.connect(gain).connect(audio.destination);
    osc.start(audio.currentTime + i * 0.4);
    osc.stop(audio.currentTime + i * 0.4 + 0.25);
  }
}

function raiseCritical(alert) {
  const banner = document.getElementById('critical');
  banner.replaceChildren(
    h('span', {}, `${t('criticalNew')}: ${alert.type} · ${alert.deviceId} · ${alert.areaCode}`),
    h('a', { href: `#/alerts/${alert.id}` }, t('view')));
  banner.hidden = false;
  banner.classList.remove('pulse');
  void banner.offsetWidth;
  banner.classList.add('pulse');
  beep();
}

// ---- pages ----

function signInPage() {
  show(h('section', { class: 'panel signin' },
    h('h1', {}, t('signInTitle')),
    h('form', { onsubmit: signIn },
      input('username', t('username'), '', { autocomplete: 'username', required: true, autofocus: true }),
      input('password', t('password'), '', { type: 'password', autocomplete: 'current-password', required: true }),
      h('p', { class: 'error', role: 'alert' }),
      h('button', { type: 'submit' }, t('signIn')))));
}

async function boardPage() {
  const params = hashParams();
  const filters = {
    state: params.get('state') ?? 'open', severity: params.get('severity') || '', type: params.get('type') || '',
    deviceClass: params.get('deviceClass') || '', area: params.get('area') || '',
  };
  const form = h('form', { class: 'filters', onsubmit: event => {
    event.preventDefault();
    const data = new FormData(event.target);
    go('#/alerts' + query(Object.fromEntries(data.entries())));
  } },
  select('state', t('state'), [['open', t('open')], ['', t('any')], ...['OPEN', 'ACKNOWLEDGED', 'ASSIGNED', 'RESOLVED', 'CLOSED'].map(s => [s, s])], filters.state),
  select('severity', t('severity'), [['', t('any')], ...Object.keys(SEVERITY_RANK).map(s => [s, s])], filters.severity),
  input('type', t('type'), filters.type, { placeholder: 'SOS' }),
  select('deviceClass', t('deviceClass'), [['', t('any')], ...['KIOSK', 'PARCEL_LOCKER', 'BROADCAST_UNIT', 'ELDER_ALERT'].map(c => [c, c])], filters.deviceClass),
  input('area', t('area'), filters.area, { inputmode: 'numeric', size: 15 }),
  h('button', { type: 'submit' }, t('apply')));
  const tbody = h('tbody');
  const status = h('p', { class: 'muted', 'aria-live': 'polite' }, t('loading'));
  show(h('h1', {}, t('alertBoard'), ' ', h('span', { class: 'badge ONLINE live' }, t('live'))), form,
    status, h('div', { class: 'scroll' }, h('table', { id: 'board' },
      h('thead', {}, h('tr', {}, [t('severity'), t('type'), t('device'), t('area'), t('state'), t('count'), t('opened'), t('age'), t('assignee')]
        .map(label => h('th', { scope: 'col' }, label)))), tbody)));

  const alerts = new Map();
  const matches = alert => (filters.state === 'open' ? !['RESOLVED', 'CLOSED'].includes(alert.state) : !filters.state || alert.state === filters.state)
    && (!filters.severity || alert.severity === filters.severity) && (!filters.type || alert.type === filters.type)
    && (!filters.deviceClass || alert.deviceClass === filters.deviceClass) && (!filters.area || alert.areaCode.startsWith(filters.area.replace(/0+$/, '')));
  const render = freshId => {
    const rows = [...alerts.values()].filter(matches).sort((a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || new Date(a.openedAt) - new Date(b.openedAt));
    tbody.replaceChildren(...rows.map(alert => h('tr', { class: `${alert.severity}${alert.id === freshId ? ' fresh' : ''}`, 'data-id': alert.id },
      h('td', {}, badge(alert.severity)), h('td', {}, h('a', { href: `#/alerts/${alert.id}` }, alert.type)),
      h('td', {}, h('a', { href: `#/devices/${encodeURIComponent(alert.deviceId)}` }, alert.deviceId)), h('td', {}, alert.areaCode),
      h('td', {}, badge(alert.state, 'state')), h('td', {}, alert.count), h('td', {}, when(alert.openedAt)), h('td', {}, age(alert.openedAt)),
      h('td', {}, alert.assignee || ''))));
    status.textContent = `${t('total')} ${rows.length}`;
  };
  const listener = (kind, alert) => {
    if (kind !== 'alert') return;
    alerts.set(alert.id, alert);
    render(alert.id);
  };
  streamListeners.add(listener);
  try {
    const apiState = ['open', ''].includes(filters.state) ? undefined : filters.state;
    const list = await api('alerts' + query({ state: apiState, severity: filters.severity, type: filters.type,
      deviceClass: filters.deviceClass, area: filters.area, size: 500 }));
    list.items.forEach(alert => { if (!alerts.has(alert.id)) alerts.set(alert.id, alert); });
    render();
  } catch (e) {
    status.replaceWith(failure(e));
  }
  return () => streamListeners.delete(listener);
}

async function alertPage(id) {
  const render = async () => {
    const { alert, trail } = await api(`alerts/${id}`);
    const act = (action, fields) => async event => {
      event.preventDefault();
      const body = {};
      fields.forEach(f => { const v = event.target[f].value; body[f] = f === 'rating' ? Number(v) : v; });
      try {
        await api(`alerts/${id}/${action}`, { method: 'POST', body });
        document.getElementById('critical').hidden = true;
        await render();
      } catch (e) {
        event.target.querySelector('.error').textContent = e.message;
      }
    };
    const form = (action, label, fields, allowed) => h('form', { onsubmit: act(action, fields.map(f => f[0])), 'aria-label': label },
      ...fields.map(([name, text, attrs]) => name === 'rating'
        ? select('rating', text, [['5', '5'], ['4', '4'], ['3', '3'], ['2', '2'], ['1', '1']], '5')
        : input(name, text, '', attrs)),
      h('button', { type: 'submit', disabled: !allowed, 'data-action': action }, label), h('span', { class: 'error', role: 'alert' }));
    const s = alert.state;
    show(
      h('h1', {}, `${t('alert')} #${alert.id} · ${alert.type} `, badge(alert.severity), ' ', badge(alert.state, 'state')),
      h('dl', { class: 'facts panel' },
        h('dt', {}, t('device')), h('dd', {}, h('a', { href: `#/devices/${encodeURIComponent(alert.deviceId)}` }, alert.deviceId)),
        h('dt', {}, t('area')), h('dd', {}, alert.areaCode), h('dt', {}, t('detail')), h('dd', {}, alert.detail || '—'),
        h('dt', {}, t('count')), h('dd', {}, alert.count), h('dt', {}, t('opened')), h('dd', {}, when(alert.openedAt)),
        h('dt', {}, t('assignee')), h('dd', {}, alert.assignee || '—'),
        alert.resolution ? [h('dt', {}, t('note')), h('dd', {}, alert.resolution)] : null,
        alert.rating ? [h('dt', {}, t('rating')), h('dd', {}, `${alert.rating} ${alert.comment || ''}`)] : null),
      h('h2', {}, t('detail')),
      h('div', { class: 'actions panel' },
        form('ack', t('ack'), [], s === 'OPEN'),
        form('assign', t('assign'), [['assignee', t('assignee'), { required: true, value: me.username }]], ['OPEN', 'ACKNOWLEDGED', 'ASSIGNED'].includes(s)),
        form('resolve', t('resolve'), [['note', t('note'), { required: true }]], ['OPEN', 'ACKNOWLEDGED', 'ASSIGNED'].includes(s)),
        form('close', t('close'), [['rating', t('rating')], ['comment', t('comment')]], s === 'RESOLVED'),
        form('reopen', t('reopen'), [['reason', t('reason'), { required: true }]], ['RESOLVED', 'CLOSED'].includes(s))),
      h('h2', {}, t('trail')),
      h('ol', { class: 'trail' }, trail.map(step => h('li', {},
        h('strong', {}, step.action), ` · ${when(step.at)} · ${step.actor}`, step.from ? ` · ${step.from} → ${step.to}` : '',
        step.detail ? h('div', { class: 'muted' }, step.detail) : null))));
    view.querySelector('input[name="assignee"]')?.setAttribute('value', me.username);
  };
  const listener = (kind, alert) => { if (kind === 'alert' && String(alert.id) === String(id)) render().catch(() => {}); };
  streamListeners.add(listener);
  try { await render(); } catch (e) { show(failure(e)); }
  return () => streamListeners.delete(listener);
}

async function devicesPage() {
  const params = hashParams();
  const page = Number(params.get('page') || 0);
  const filters = { area: params.get('area') || defaultArea(), deviceClass: params.get('deviceClass') || '', connectivity: params.get('connectivity') || '' };
  const form = h('form', { class: 'filters', onsubmit: event => {
    event.preventDefault();
    go('#/devices' + query(Object.fromEntries(new FormData(event.target).entries())));
  } },
  input('area', t('area'), filters.area, { inputmode: 'numeric', size: 15 }),
  select('deviceClass', t('deviceClass'), [['', t('any')], ...['KIOSK', 'PARCEL_LOCKER', 'BROADCAST_UNIT', 'ELDER_ALERT'].map(c => [c, c])], filters.deviceClass),
  select('connectivity', t('connectivity'), [['', t('any')], ['ONLINE', 'ONLINE'], ['OFFLINE', 'OFFLINE'], ['UNKNOWN', 'UNKNOWN']], filters.connectivity),
  h('button', { type: 'submit' }, t('apply')));
  show(h('h1', {}, t('devices')), form, h('p', { class: 'muted' }, t('loading')));
  try {
    const list = await api('device-states' + query({ ...filters, page, size: 50 }));
    const pager = h('div', { class: 'row' },
      h('button', { class: 'secondary', disabled: page === 0, onclick: () => go('#/devices' + query({ ...filters, page: page - 1 })) }, t('prev')),
      h('span', {}, `${t('total')} ${list.total} · ${t('page')} ${page + 1}`),
      h('button', { class: 'secondary', disabled: (page + 1) * 50 >= list.total, onclick: () => go('#/devices' + query({ ...filters, page: page + 1 })) }, t('next')));
    show(h('h1', {}, t('devices')), form, h('div', { class: 'scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, [t('device'), t('name'), t('deviceClass'), t('area'), t('connectivity'), t('since'), t('lastSeen')].map(l => h('th', { scope: 'col' }, l)))),
      h('tbody', {}, list.items.map(d => h('tr', {},
        h('td', {}, h('a', { href: `#/devices/${encodeURIComponent(d.deviceId)}` }, d.deviceId)), h('td', {}, d.name || ''),
        h('td', {}, d.deviceClass), h('td', {}, d.areaCode), h('td', {}, badge(d.connectivity)), h('td', {}, when(d.since)),
        h('td', {}, when(d.lastSeen))))))), pager);
  } catch (e) {
    view.append(failure(e));
  }
}

async function devicePage(id) {
  show(h('p', { class: 'muted' }, t('loading')));
  try {
    const enc = encodeURIComponent(id);
    const [device, state, telemetry, history, commands] = await Promise.all([api(`devices/${enc}`), api(`devices/${enc}/state`),
      api(`devices/${enc}/telemetry?size=1000`), api(`devices/${enc}/connectivity?size=20`), api(`devices/${enc}/commands?size=20`)]);
    const latest = state.latest || {};
    const numeric = Object.keys(latest).filter(k => typeof latest[k] === 'number' && !['seq', 'ts'].includes(k));
    const chartBox = h('div');
    const draw = field => chartBox.replaceChildren(field
      ? lineChart(telemetry.items.map(r => [new Date(r.ts).getTime(), r[field]]).filter(p => typeof p[1] === 'number').reverse(), field)
      : h('p', { class: 'muted' }, t('none')));
    show(
      h('h1', {}, `${device.name || device.id} `, badge(state.connectivity)),
      h('dl', { class: 'facts panel' },
        h('dt', {}, t('device')), h('dd', {}, device.id), h('dt', {}, t('deviceClass')), h('dd', {}, device.deviceClass),
        h('dt', {}, t('area')), h('dd', {}, device.areaCode), h('dt', {}, t('since')), h('dd', {}, `${when(state.since)} ${state.reason || ''}`),
        h('dt', {}, t('lastSeen')), h('dd', {}, when(state.lastSeen))),
      h('h2', {}, t('latest')),
      h('dl', { class: 'facts panel' }, Object.entries(latest).map(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v))])),
      h('h2', {}, t('chart24h')),
      numeric.length ? select('field', t('field'), numeric.map(f => [f, f]), numeric[0]) : null,
      chartBox,
      h('h2', {}, t('history')),
      table([t('at'), t('from'), t('to'), t('reason')], history.items.map(c => [when(c.ts), badge(c.from), badge(c.to), c.reason])),
      h('h2', {}, t('commands')),
      table([t('opened'), t('type'), t('state'), t('detail')], commands.items.map(c => [when(c.createdAt), c.type, badge(c.state), c.detail || ''])));
    view.querySelector('select[name="field"]')?.addEventListener('change', event => draw(event.target.value));
    draw(numeric[0]);
  } catch (e) {
    show(failure(e));
  }
}

function table(headers, rows) {
  if (!rows.length) return h('p', { class: 'muted' }, t('none'));
  return h('div', { class: 'scroll' }, h('table', {}, h('thead', {}, h('tr', {}, headers.map(l => h('th', { scope: 'col' }, l)))),
    h('tbody', {}, rows.map(cells => h('tr', {}, cells.map(c => h('td', {}, c)))))));
}

async function uptimePage() {
  const params = hashParams();
  const area = params.get('area') || defaultArea();
  show(h('h1', {}, t('uptime')), h('p', { class: 'muted' }, t('loading')));
  try {
    const here = await api(`areas/${area}`);
    const groupBy = CHILD_LEVEL[here.level];
    const report = await api('reports/uptime' + query({ area, groupBy, class: 'KIOSK' }));
    const items = report.items || [];
    const worst = items.flatMap(i => i.worstDevices || []).sort((a, b) => (a.uptimePercent ?? 101) - (b.uptimePercent ?? 101)).slice(0, 10);
    const download = async () => {
      const blob = await api('reports/uptime' + query({ area, groupBy, class: 'KIOSK' }), { accept: 'text/csv' });
      const link = h('a', { href: URL.createObjectURL(blob), download: `uptime-${area}.csv` });
      document.body.append(link);
      link.click();
      link.remove();
    };
    show(
      h('h1', {}, `${t('uptime')} · ${here.name}`),
      h('div', { class: 'row' },
        here.parentCode && (!me.areaCodes.length || me.areaCodes.some(c => here.parentCode.startsWith(c.replace(/0+$/, ''))))
          ? h('a', { class: 'button secondary', href: `#/uptime?area=${here.parentCode}` }, t('up')) : null,
        h('button', { type: 'button', class: 'secondary', onclick: download }, t('csv')),
        h('span', { class: 'muted' }, `${when(report.from)} – ${when(report.to)} · ${t('uptimePct')}: ${pct(report.overall?.uptimePercent)}`)),
      groupBy ? h('p', { class: 'muted' }, t('drill')) : null,
      items.length ? barChart(items.map(i => ({ label: i.name, value: i.uptimePercent, href: groupBy ? `#/uptime?area=${i.areaCode}` : null })), report.slaTargetPercent) : null,
      table([t('area'), t('name'), t('devices'), t('uptimePct'), t('offlineTime'), t('unknownTime')], items.map(i => [
        groupBy && CHILD_LEVEL[levelOf(i.areaCode)] !== undefined ? h('a', { href: `#/uptime?area=${i.areaCode}` }, i.areaCode) : i.areaCode,
        i.name, i.devices, pct(i.uptimePercent), (i.offlineSeconds / 3600).toFixed(1), (i.unknownSeconds / 3600).toFixed(1)])),
      h('h2', {}, t('worst')),
      table([t('device'), t('name'), t('uptimePct'), t('offlineTime'), t('unknownTime')], worst.map(w => [
        h('a', { href: `#/devices/${encodeURIComponent(w.deviceId)}` }, w.deviceId), w.name, pct(w.uptimePercent),
        (w.offlineSeconds / 3600).toFixed(1), (w.unknownSeconds / 3600).toFixed(1)])));
  } catch (e) {
    view.append(failure(e));
  }
}

function levelOf(code) {
  if (code.endsWith('0000000000')) return 'PROVINCE';
  if (code.endsWith('00000000')) return 'CITY';
  if (code.endsWith('000000')) return 'COUNTY';
  if (code.endsWith('000')) return 'STREET';
  return 'COMMUNITY';
}

async function coveragePage() {
  const area = hashParams().get('area') || defaultArea();
  show(h('h1', {}, t('coverage')), h('p', { class: 'muted' }, t('loading')));
  try {
    const [coverage, indicators] = await Promise.all([api('reports/coverage' + query({ area })), api('reports/indicators' + query({ area }))]);
    show(
      h('h1', {}, `${t('coverage')} · ${coverage.areaName}`),
      h('div', { class: 'totals' },
        h('div', {}, t('coverage'), h('b', {}, pct(coverage.coveragePercent))),
        h('div', {}, t('covered'), h('b', {}, `${coverage.covered} / ${coverage.communities}`)),
        h('div', {}, t('target'), h('b', {}, pct(coverage.targetPercent)))),
      h('h2', {}, t('uncovered')),
      table([t('area'), t('name'), t('devices'), t('reason')], (coverage.uncovered || []).map(u => [u.code, u.name, u.devices, u.reason])),
      h('h2', {}, t('indicators')),
      table([t('area'), t('indicator'), t('uptimePct'), t('target'), t('met')], (indicators.items || []).flatMap(item =>
        item.indicators.map(i => [item.name, i.title, pct(i.percent), pct(i.targetPercent), i.met ? t('yes') : t('no')]))));
  } catch (e) {
    view.append(failure(e));
  }
}

async function broadcastsPage() {
  const form = h('form', { class: 'panel', onsubmit: event => {
    event.preventDefault();
    const f = event.target;
    const body = { area: f.area.value, text: f.text.value, priority: f.priority.value, volumePct: Number(f.volumePct.value),
      repeat: Number(f.repeat.value), expiresAt: new Date(Date.now() + Number(f.expiresIn.value) * 60000).toISOString() };
    const dialog = h('dialog', { 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, t('confirmTitle')),
      h('p', {}, `${t('confirmText')} ${body.area} · ${body.priority}`), h('blockquote', {}, body.text),
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'danger', id: 'confirm-send', onclick: async () => {
          try {
            const created = await api('broadcasts', { method: 'POST', body });
            dialog.close();
            go(`#/broadcasts/${created.id}`);
          } catch (e) {
            dialog.querySelector('.error').textContent = e.message;
          }
        } }, t('confirm')),
        h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, t('cancel'))),
      h('p', { class: 'error', role: 'alert' }));
    view.append(dialog);
    dialog.showModal();
  } },
  h('div', { class: 'row' },
    input('area', t('area'), defaultArea(), { required: true, inputmode: 'numeric', size: 15 }),
    select('priority', t('priority'), [['EMERGENCY', 'EMERGENCY'], ['NOTICE', 'NOTICE'], ['DRILL', 'DRILL']], 'DRILL'),
    input('volumePct', t('volume'), '80', { type: 'number', min: 0, max: 100 }),
    input('repeat', t('repeat'), '1', { type: 'number', min: 1, max: 10 }),
    input('expiresIn', t('expiresIn'), '30', { type: 'number', min: 1 })),
  h('label', {}, t('text'), h('textarea', { name: 'text', required: true, maxlength: 2000 })),
  h('p', {}, h('button', { type: 'submit' }, t('send'))));
  show(h('h1', {}, t('broadcasts')), h('h2', {}, t('compose')), form, h('h2', {}, t('recent')), h('p', { class: 'muted' }, t('loading')));
  try {
    const [real, drills] = await Promise.all([api('broadcasts?size=10'), api('broadcasts?priority=DRILL&size=10')]);
    const rows = [...real.items, ...drills.items].sort((a, b) => b.id - a.id);
    view.lastChild.replaceWith(table(['#', t('priority'), t('area'), t('state'), t('opened'), t('text')], rows.map(b => [
      h('a', { href: `#/broadcasts/${b.id}` }, String(b.id)), b.priority, b.area || b.areaCode, badge(b.state, 'state'), when(b.createdAt), b.text || ''])));
  } catch (e) {
    view.lastChild.replaceWith(failure(e));
  }
}

async function broadcastPage(id) {
  let timer = null;
  const render = async () => {
    const b = await api(`broadcasts/${id}`);
    const totals = b.totals || {};
    const live = b.state === 'ACTIVE' && new Date(b.expiresAt) > new Date();
    show(
      h('h1', {}, `${t('broadcasts')} #${b.id} · ${b.priority} `, badge(b.state, 'state')),
      h('p', {}, b.text || ''),
      h('div', { class: 'row' }, live ? h('button', { type: 'button', class: 'danger', id: 'stop', onclick: async () => {
        await api(`broadcasts/${id}/stop`, { method: 'POST', body: {} });
        await render();
      } }, t('stop')) : null),
      h('h2', {}, t('progress')),
      h('div', { class: 'totals', 'aria-live': 'polite' }, ['targeted', 'sent', 'accepted', 'playing', 'played', 'failed', 'notReached']
        .map(k => h('div', {}, t(k), h('b', {}, totals[k] ?? 0)))),
      h('h2', {}, t('units')),
      table([t('device'), t('state'), t('reason')], (b.units || []).map(u => [
        h('a', { href: `#/devices/${encodeURIComponent(u.deviceId)}` }, u.deviceId), badge(u.state), u.reason || ''])));
    return live;
  };
  const tick = async () => {
    try {
      if (await render()) timer = setTimeout(tick, 2000);
    } catch (e) {
      show(failure(e));
    }
  };
  await tick();
  return () => clearTimeout(timer);
}

async function mapPage() {
  const params = hashParams();
  const area = params.get('area') || defaultArea();
  const form = h('form', { class: 'filters', onsubmit: event => {
    event.preventDefault();
    go('#/map' + query({ area: event.target.area.value }));
  } }, input('area', t('area'), area, { inputmode: 'numeric', size: 15 }), h('button', { type: 'submit' }, t('load')));
  show(h('h1', {}, t('map')), form, h('p', { class: 'muted' }, t('mapNote')));
  try {
    const devices = [];
    for (let page = 0; page < 20; page++) {
      const list = await api('device-states' + query({ area, page, size: 500 }));
      devices.push(...list.items);
      if ((page + 1) * 500 >= list.total) break;
    }
    const placed = devices.filter(d => d.lat != null && d.lon != null);
    view.append(placed.length ? pointMap(placed) : h('p', {}, t('noCoordinates')),
      h('div', { class: 'legend' }, ['ONLINE', 'OFFLINE', 'UNKNOWN'].map(s => h('span', {}, badge(s), ' ', placed.filter(d => d.connectivity === s).length))));
  } catch (e) {
    view.append(failure(e));
  }
}

// ---- routing ----

const ROUTES = [
  [/^#\/sign-in$/, signInPage],
  [/^#\/alerts$/, boardPage],
  [/^#\/alerts\/(\d+)$/, alertPage],
  [/^#\/devices$/, devicesPage],
  [/^#\/devices\/([^/]+)$/, id => devicePage(decodeURIComponent(id))],
  [/^#\/uptime$/, uptimePage],
  [/^#\/coverage$/, coveragePage],
  [/^#\/broadcasts$/, broadcastsPage],
  [/^#\/broadcasts\/(\d+)$/, broadcastPage],
  [/^#\/map$/, mapPage],
];

async function route() {
  if (location.hash && !location.hash.startsWith('#/')) return; // an in-page anchor (the skip link)
  if (cleanup) { cleanup(); cleanup = null; }
  const path = (location.hash || '#/alerts').split('?')[0];
  if (!me && path !== '#/sign-in') {
    go('#/sign-in');
    return;
  }
  document.querySelectorAll('#nav a').forEach(a => a.toggleAttribute('aria-current', path.startsWith(a.getAttribute('href'))));
  document.querySelectorAll('#nav a[aria-current]').forEach(a => a.setAttribute('aria-current', 'page'));
  const found = ROUTES.find(([pattern]) => pattern.test(path));
  if (!found) {
    show(h('p', {}, t('notFound')));
    return;
  }
  const result = await found[1](...path.match(found[0]).slice(1));
  cleanup = typeof result === 'function' ? result : null;
  view.focus({ preventScroll: true });
}

async function start() {
  applyStatic();
  document.getElementById('lang').textContent = t('langOther');
  document.getElementById('lang').addEventListener('click', () => {
    toggleLang();
    applyStatic();
    document.getElementById('lang').textContent = t('langOther');
    route();
  });
  document.getElementById('signout').addEventListener('click', signOut);
  document.getElementById('skip').addEventListener('click', event => { event.preventDefault(); view.focus(); });
  document.addEventListener('click', unlockAudio, { once: true });
  window.addEventListener('hashchange', route);
  try {
    me = await api('users/me');
    await signedIn();
  } catch (e) {
    me = null;
  }
  route();
}

start();
