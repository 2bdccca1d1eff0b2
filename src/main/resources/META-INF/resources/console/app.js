// The duty console: a few pages over the hub's own API (/api/v1), signed in with a session cookie.
// No framework and no build: every element is made with h(), so data is always text, never markup.
import { t, toggleLang, applyStatic } from './i18n.js';
import { h } from './dom.js';
import { view, session, streamListeners, api, go, input, show } from './shell.js';
import { boardPage, alertPage } from './alerts.js';
import { devicesPage, devicePage, mapPage } from './devices.js';
import { uptimePage, coveragePage } from './reports.js';
import { broadcastsPage, broadcastPage } from './broadcasts.js';

let stream = null;
let cleanup = null;

// ---- signing in and out, and the live stream ----

async function signIn(event) {
  event.preventDefault();
  const form = event.target;
  const error = form.querySelector('.error');
  unlockAudio();
  try {
    const started = await api('sessions', { method: 'POST', body: { username: form.username.value, password: form.password.value } });
    session.user = { username: started.username, roles: started.roles, areaCodes: started.areaCodes };
    await signedIn();
    go('#/alerts');
  } catch (e) {
    error.textContent = e.message;
  }
}

async function signedIn() {
  document.getElementById('nav').hidden = false;
  document.getElementById('signout').hidden = false;
  document.getElementById('who').textContent = `${session.user.username} · ${session.user.roles.join(', ')}`;
  if (!session.user.areaCodes.length && !sessionStorage.getItem('hub.rootArea')) {
    const roots = await api('areas?level=PROVINCE&size=1');
    if (roots.items.length) sessionStorage.setItem('hub.rootArea', roots.items[0].code);
  }
  openStream();
}

function signedOut() {
  session.user = null;
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
  if (!session.user && path !== '#/sign-in') {
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
  (view.querySelector('[autofocus]') || view).focus({ preventScroll: true });
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
  session.signedOut = signedOut;
  document.getElementById('skip').addEventListener('click', event => { event.preventDefault(); view.focus(); });
  document.addEventListener('click', unlockAudio, { once: true });
  window.addEventListener('hashchange', route);
  try {
    session.user = await api('users/me');
    await signedIn();
  } catch (e) {
    session.user = null;
  }
  route();
}


start();
