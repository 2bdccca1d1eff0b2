// The alert board (live) and an alert with its trail and the closed loop.
import { t } from './i18n.js';
import { h } from './dom.js';
import { session, streamListeners, api, query, when, age, badge, show, failure, hashParams, go, select, input, DEVICE_CLASSES, subtreePrefix } from './shell.js';

const SEVERITY_RANK = { CRITICAL: 0, MAJOR: 1, MINOR: 2, WARNING: 3 };

export async function boardPage() {
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
  select('deviceClass', t('deviceClass'), [['', t('any')], ...DEVICE_CLASSES.map(c => [c, c])], filters.deviceClass),
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
    && (!filters.deviceClass || alert.deviceClass === filters.deviceClass) && (!filters.area || alert.areaCode.startsWith(subtreePrefix(filters.area)));
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

export async function alertPage(id) {
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
      h('h2', {}, t('actions')),
      h('div', { class: 'actions panel' },
        form('ack', t('ack'), [], s === 'OPEN'),
        form('assign', t('assign'), [['assignee', t('assignee'), { required: true, value: session.user.username }]], ['OPEN', 'ACKNOWLEDGED', 'ASSIGNED'].includes(s)),
        form('resolve', t('resolve'), [['note', t('note'), { required: true }]], ['OPEN', 'ACKNOWLEDGED', 'ASSIGNED'].includes(s)),
        form('close', t('close'), [['rating', t('rating')], ['comment', t('comment')]], s === 'RESOLVED'),
        form('reopen', t('reopen'), [['reason', t('reason'), { required: true }]], ['RESOLVED', 'CLOSED'].includes(s))),
      h('h2', {}, t('trail')),
      h('ol', { class: 'trail' }, trail.map(step => h('li', {},
        h('strong', {}, step.action), ` · ${when(step.at)} · ${step.actor}`, step.from ? ` · ${step.from} → ${step.to}` : '',
        step.detail ? h('div', { class: 'muted' }, step.detail) : null))));
  };
  const listener = (kind, alert) => { if (kind === 'alert' && String(alert.id) === String(id)) render().catch(() => {}); };
  streamListeners.add(listener);
  try { await render(); } catch (e) { show(failure(e)); }
  return () => streamListeners.delete(listener);
}
