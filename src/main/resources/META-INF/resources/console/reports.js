// Uptime with drill-down and CSV, coverage and the plan's indicators.
import { t } from './i18n.js';
import { h } from './dom.js';
import { view, session, api, query, when, pct, show, failure, defaultArea, hashParams, table, levelOf, subtreePrefix } from './shell.js';
import { barChart } from './charts.js';

const CHILD_LEVEL = { PROVINCE: 'city', CITY: 'district', COUNTY: 'street', STREET: 'community' };

export async function uptimePage() {
  const params = hashParams();
  const area = params.get('area') || defaultArea();
  show(h('h1', {}, t('uptime')), h('p', { class: 'muted' }, t('loading')));
  try {
    const here = await api(`areas/${area}`);
    const groupBy = CHILD_LEVEL[here.level];
    const reportPath = 'reports/uptime' + query({ area, groupBy, class: 'KIOSK' });
    const report = await api(reportPath);
    const items = report.items || [];
    const worst = items.flatMap(i => i.worstDevices || []).sort((a, b) => (a.uptimePercent ?? 101) - (b.uptimePercent ?? 101)).slice(0, 10);
    const download = async () => {
      const blob = await api(reportPath, { accept: 'text/csv' });
      const link = h('a', { href: URL.createObjectURL(blob), download: `uptime-${area}.csv` });
      document.body.append(link);
      link.click();
      link.remove();
    };
    show(
      h('h1', {}, `${t('uptime')} · ${here.name}`),
      h('div', { class: 'row' },
        here.parentCode && (!session.user.areaCodes.length || session.user.areaCodes.some(c => here.parentCode.startsWith(subtreePrefix(c))))
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

export async function coveragePage() {
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
