// Charts drawn as SVG from the data, with no library: bars per area, a line over 24 hours, points on a plain ground.
import { h } from './dom.js';

const W = 720;

/** Bars of a percentage per area; a bar below target is marked; a bar with href is a link (drill-down). */
export function barChart(items, target) {
  const rowH = 26, left = 150, right = 60;
  const height = items.length * rowH + 30;
  const x = v => left + (Math.max(0, Math.min(100, v ?? 0)) / 100) * (W - left - right);
  const svg = h('svg:svg', { class: 'chart', viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-label': 'uptime %' });
  [0, 25, 50, 75, 100].forEach(p => svg.append(
    h('svg:line', { class: 'grid', x1: x(p), x2: x(p), y1: 0, y2: height - 20 }),
    h('svg:text', { x: x(p), y: height - 6, 'text-anchor': 'middle' }, `${p}%`)));
  if (target != null) svg.append(h('svg:line', { x1: x(target), x2: x(target), y1: 0, y2: height - 20, stroke: '#a50e0e', 'stroke-dasharray': '4 3' }));
  items.forEach((item, i) => {
    const y = i * rowH + 4;
    const bar = h('svg:rect', { class: `bar${item.value != null && target != null && item.value < target ? ' low' : ''}`,
      x: left, y, height: rowH - 8, width: Math.max(1, x(item.value) - left) },
    h('svg:title', {}, `${item.label}: ${item.value == null ? '—' : item.value.toFixed(1) + ' %'}`));
    const short = item.label.length > 12 ? item.label.slice(0, 11) + '…' : item.label;
    const label = h('svg:text', { x: left - 6, y: y + rowH / 2, 'text-anchor': 'end' }, short);
    const value = h('svg:text', { x: x(item.value) + 4, y: y + rowH / 2 }, item.value == null ? '—' : `${item.value.toFixed(1)}%`);
    svg.append(item.href ? h('svg:a', { href: item.href, 'aria-label': item.label }, bar, label) : h('svg:g', {}, bar, label), value);
  });
  return svg;
}

/** A line of [epochMillis, value] points. */
export function lineChart(points, name) {
  if (!points.length) return h('p', { class: 'muted' }, '—');
  const height = 240, pad = 40;
  const t0 = points[0][0], t1 = points[points.length - 1][0] || t0 + 1;
  const values = points.map(p => p[1]);
  const lo = Math.min(...values), hi = Math.max(...values);
  const span = hi - lo || 1;
  const x = t => pad + ((t - t0) / Math.max(1, t1 - t0)) * (W - 2 * pad);
  const y = v => height - pad - ((v - lo) / span) * (height - 2 * pad);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
  return h('svg:svg', { class: 'chart', viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-label': name },
    h('svg:line', { class: 'grid', x1: pad, x2: W - pad, y1: y(lo), y2: y(lo) }),
    h('svg:line', { class: 'grid', x1: pad, x2: W - pad, y1: y(hi), y2: y(hi) }),
    h('svg:text', { x: 4, y: y(hi) + 4 }, String(hi)), h('svg:text', { x: 4, y: y(lo) + 4 }, String(lo)),
    h('svg:text', { x: pad, y: height - 8 }, new Date(t0).toLocaleTimeString()),
    h('svg:text', { x: W - pad, y: height - 8, 'text-anchor': 'end' }, new Date(t1).toLocaleTimeString()),
    h('svg:path', { class: 'line', d: path }));
}

/** Devices by their coordinates on a plain ground, coloured by connectivity, each a link to its page. */
export function pointMap(devices) {
  const height = 480, pad = 24;
  const lats = devices.map(d => d.lat), lons = devices.map(d => d.lon);
  const minLat = Math.min(...lats), maxLat = Math.max(...lats), minLon = Math.min(...lons), maxLon = Math.max(...lons);
  const spanLat = maxLat - minLat || 0.01, spanLon = maxLon - minLon || 0.01;
  const x = lon => pad + ((lon - minLon) / spanLon) * (W - 2 * pad);
  const y = lat => height - pad - ((lat - minLat) / spanLat) * (height - 2 * pad);
  return h('svg:svg', { class: 'chart map', viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-label': 'device map' },
    h('svg:rect', { x: 0, y: 0, width: W, height, fill: '#f7f7f2' }),
    h('svg:text', { x: pad, y: 14 }, `${maxLat.toFixed(3)}°N`), h('svg:text', { x: pad, y: height - 6 }, `${minLat.toFixed(3)}°N · ${minLon.toFixed(3)}°E`),
    h('svg:text', { x: W - pad, y: height - 6, 'text-anchor': 'end' }, `${maxLon.toFixed(3)}°E`),
    devices.map(d => h('svg:a', { href: `#/devices/${encodeURIComponent(d.deviceId)}` },
      h('svg:circle', { class: `dot ${d.connectivity}`, cx: x(d.lon).toFixed(1), cy: y(d.lat).toFixed(1), r: 6 },
        h('svg:title', {}, `${d.name || d.deviceId} · ${d.deviceClass} · ${d.connectivity}`)))));
}
