// Devices with their state, a device with its last 24 hours, and the map.
import { t } from './i18n.js';
import { h } from './dom.js';
import { view, api, query, when, badge, show, failure, defaultArea, hashParams, go, select, input, table, DEVICE_CLASSES } from './shell.js';
import { lineChart, pointMap } from './charts.js';

export async function devicesPage() {
  const params = hashParams();
  const page = Number(params.get('page') || 0);
  const filters = { area: params.get('area') || defaultArea(), deviceClass: params.get('deviceClass') || '', connectivity: params.get('connectivity') || '' };
  const form = h('form', { class: 'filters', onsubmit: event => {
    event.preventDefault();
    go('#/devices' + query(Object.fromEntries(new FormData(event.target).entries())));
  } },
  input('area', t('area'), filters.area, { inputmode: 'numeric', size: 15 }),
  select('deviceClass', t('deviceClass'), [['', t('any')], ...DEVICE_CLASSES.map(c => [c, c])], filters.deviceClass),
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

export async function devicePage(id) {
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

export async function mapPage() {
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
