// What every page uses: the page's content, the API, the signed-in user, the live stream, formats.
import { t, lang } from './i18n.js';
import { h } from './dom.js';

export const view = document.getElementById('view');

/** The signed-in user ({username, roles, areaCodes}), or null; set by app.js. */
export const session = { user: null, signedOut: () => {} };

/** Listeners of the live stream: (kind, data) with kind 'alert' or 'broadcast'. */
export const streamListeners = new Set();

export const DEVICE_CLASSES = ['KIOSK', 'PARCEL_LOCKER', 'BROADCAST_UNIT', 'ELDER_ALERT'];

/** Digits that matter at each level of a 12-digit division code, as areas.AreaLevel has them. */
const SIGNIFICANT = { PROVINCE: 2, CITY: 4, COUNTY: 6, STREET: 9, COMMUNITY: 12 };

/** An area code's level read from its digits, as areas.AreaCode.level does. */
export function levelOf(code) {
  if (code.length === 15) return 'GRID';
  return Object.keys(SIGNIFICANT).find(level => /^0*$/.test(code.slice(SIGNIFICANT[level], 12)));
}

/** The digits every code of the area's subtree starts with, as areas.AreaCode.subtreePrefix. */
export function subtreePrefix(code) {
  return code.length === 15 ? code : code.slice(0, SIGNIFICANT[levelOf(code)]);
}

// ---- elements, calls, formats ----

export class Refused extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
  }
}

export async function api(path, { method = 'GET', body, accept = 'application/json' } = {}) {
  const response = await fetch('/api/v1/' + path, {
    method, credentials: 'same-origin',
    headers: { Accept: accept, 'X-Requested-With': 'console', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (response.status === 401 && path !== 'sessions') {
    session.signedOut();
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

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString(lang(), { hour12: false }) : '—';
}

export function age(iso) {
  const s = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 90) return Math.round(s) + ' s';
  if (s < 5400) return Math.round(s / 60) + ' min';
  if (s < 172800) return (s / 3600).toFixed(1) + ' h';
  return Math.round(s / 86400) + ' d';
}

export function pct(value) {
  return value == null ? '—' : Number(value).toFixed(1) + ' %';
}

export function badge(value, extra = '') {
  return h('span', { class: `badge ${value} ${extra}`.trim() }, value ?? '—');
}

/** Replaces the page's content; absent parts (null, false) are left out, not shown as text. */
export function show(...parts) {
  view.replaceChildren(...parts.flat(Infinity).filter(part => part != null && part !== false));
}

export function failure(error) {
  return h('p', { class: 'error', role: 'alert' }, error.message);
}

export function defaultArea() {
  return session.user?.areaCodes?.[0] || sessionStorage.getItem('hub.rootArea') || '';
}

export function hashParams() {
  const i = location.hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : location.hash.slice(i + 1));
}

export function go(hash) {
  location.hash = hash;
}

export function select(name, label, options, value) {
  return h('label', {}, label, h('select', { name },
    options.map(([v, text]) => h('option', { value: v, selected: v === (value ?? '') }, text))));
}

export function input(name, label, value = '', attrs = {}) {
  return h('label', {}, label, h('input', { name, value: value ?? '', ...attrs }));
}

export function table(headers, rows) {
  if (!rows.length) return h('p', { class: 'muted' }, t('none'));
  return h('div', { class: 'scroll' }, h('table', {}, h('thead', {}, h('tr', {}, headers.map(l => h('th', { scope: 'col' }, l)))),
    h('tbody', {}, rows.map(cells => h('tr', {}, cells.map(c => h('td', {}, c)))))));
}
