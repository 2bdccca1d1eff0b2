// The duty console in Debian's headless Chromium, driven by playwright-core (no browser download).
// Started by ConsoleInBrowserTest, which owns the hub, the broker and the devices; they talk over
// stdin/stdout lines: this script prints "READY <step>" and waits for the test's "GO <value>".
// Env: HUB_URL, STAFF_USER, STAFF_PASSWORD, OTHER_USER, OTHER_PASSWORD, SHOTS (a folder), CHROMIUM.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';
import { mkdirSync } from 'node:fs';

const env = process.env;
const shots = env.SHOTS;
mkdirSync(shots, { recursive: true });
const lines = createInterface({ input: process.stdin });
const waiting = [];
lines.on('line', line => waiting.shift()?.(line));
const ask = step => new Promise(resolve => { waiting.push(resolve); console.log(`READY ${step}`); });

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
const page = await context.newPage();
const errors = [];
page.on('pageerror', error => errors.push(String(error)));
// the sign-in page asks who is signed in (users/me) and is told 401: expected, not an error of the page
page.on('console', message => {
  if (message.type() === 'error' && !message.text().includes('status of 401')) errors.push(message.text());
});
const shot = async name => page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });

async function signIn(user, password) {
  await page.goto(`${env.HUB_URL}/console/`);
  await page.waitForSelector('form input[name="username"]');
  await page.fill('input[name="username"]', user);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForSelector('#board');
}

try {
  await page.goto(`${env.HUB_URL}/console/`);
  await page.waitForSelector('form input[name="username"]');
  await shot('sign-in');

  // the board is open, live; then the test publishes an SOS over MQTT
  await signIn(env.STAFF_USER, env.STAFF_PASSWORD);
  const device = await ask('board');
  const row = page.locator('#board tbody tr', { hasText: device });
  await row.waitFor({ timeout: 20000 }); // no reload: it came on the live stream
  check(await row.getAttribute('class').then(c => c.includes('CRITICAL')), 'the SOS row is marked CRITICAL');
  check(await page.isVisible('#critical'), 'the CRITICAL banner shows');
  await shot('alert-board');
  // on a phone's screen: the page is one column, nothing wider than the screen but the tables' own scroll
  await page.setViewportSize({ width: 390, height: 844 });
  check(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'the board fits a phone');
  await shot('alert-board-phone');
  await page.setViewportSize({ width: 1280, height: 860 });

  // the closed loop: acknowledge, assign, resolve with a note, close with an evaluation
  await row.locator('a').first().click();
  await page.waitForSelector('button[data-action="ack"]:not([disabled])');
  await shot('alert');
  const step = async (action, fill, state) => {
    if (fill) await fill();
    await page.click(`button[data-action="${action}"]`);
    await page.waitForSelector(`h1 .badge.state.${state}`);
  };
  await step('ack', null, 'ACKNOWLEDGED');
  await step('assign', () => page.fill('input[name="assignee"]', env.STAFF_USER), 'ASSIGNED');
  await step('resolve', () => page.fill('input[name="note"]', '已上门确认老人安全 / visited, resident safe'), 'RESOLVED');
  await step('close', async () => {
    await page.selectOption('select[name="rating"]', '5');
    await page.fill('input[name="comment"]', '响应及时 / quick');
  }, 'CLOSED');
  const trail = await page.locator('ol.trail li strong').allTextContents();
  check(['RAISED', 'ACKNOWLEDGED', 'ASSIGNED', 'RESOLVED', 'CLOSED'].every(a => trail.includes(a)), `the trail: ${trail}`);
  await shot('alert-closed');

  // the other pages, each with its data
  const visit = async (hash, selector, name) => {
    await page.goto(`${env.HUB_URL}/console/${hash}`);
    await page.waitForSelector(selector, { timeout: 15000 });
    await shot(name);
  };
  await visit('#/uptime', 'h1:has-text("·") >> nth=0', 'uptime');
  check(await page.locator('table').count() > 0, 'the uptime page has its tables');
  await visit('#/coverage', '.totals', 'coverage');
  await visit('#/devices', 'table a[href^="#/devices/"]', 'devices');
  await visit(`#/devices/${encodeURIComponent(device)}`, 'h2 >> nth=3', 'device');
  await visit('#/map', 'svg.map, p:has-text("坐标")', 'map');
  await visit('#/broadcasts', 'textarea[name="text"]', 'broadcasts');

  // a broadcast composed, confirmed and followed to its units
  const unit = await ask('broadcast');
  await page.fill('input[name="area"]', unit);
  await page.fill('textarea[name="text"]', '消防演练：请听到广播后到小区广场集合。');
  await page.click('button[type="submit"]');
  await page.click('#confirm-send');
  await page.waitForSelector('.totals b');
  await page.waitForSelector('button#stop');
  await shot('broadcast');
  await page.click('button#stop');
  await page.waitForSelector('h1 .badge.state.STOPPED', { timeout: 15000 });

  // sign out; a duty officer of another community does not see this community's alert
  await page.click('#signout');
  await page.waitForSelector('form input[name="username"]');
  // this time with the keyboard only: the user name has the focus, Tab to the password, Enter
  await page.keyboard.type(env.OTHER_USER);
  await page.keyboard.press('Tab');
  await page.keyboard.type(env.OTHER_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#board');
  await page.selectOption('select[name="state"]', '');
  await page.click('form.filters button[type="submit"]');
  await page.waitForFunction(() => /\d/.test(document.querySelector('#view p.muted')?.textContent || ''));
  check(await page.locator('#board tbody tr', { hasText: device }).count() === 0, 'another community does not see the SOS');
  await shot('other-community-board');
  check(errors.length === 0, `the pages logged errors: ${errors.join(' | ')}`);
  console.log('PASSED');
} catch (error) {
  await shot('failure').catch(() => {});
  console.log(`FAILED ${error.message}`);
  process.exitCode = 1;
} finally {
  lines.close();
  await browser.close();
}
