// Emergency broadcast: compose, confirm, follow unit by unit, stop.
import { t } from './i18n.js';
import { h } from './dom.js';
import { view, api, when, badge, show, failure, defaultArea, go, select, input, table } from './shell.js';

export async function broadcastsPage() {
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

export async function broadcastPage(id) {
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
