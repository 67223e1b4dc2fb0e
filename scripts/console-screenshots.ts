/**
 * Screenshots of the operator console and the hosted connection page for docs/, taken from a real
 * server on a throw-away SQLite database with sandbox accounts, queued work and webhooks (one
 * receiver that answers 200, one that answers 500). Run: node bin/run-ts.mjs scripts/console-screenshots.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test/helpers/browser.ts';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config/load.ts';
import { ManualClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';
import { seededRandom } from '../src/lib/random.ts';
import { createKey } from '../src/tenancy/keys.ts';

const out = fileURLToPath(new URL('../docs/', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'welink-shots-'));

function receiver(status: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'upstream unavailable'));
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/welink` })));
}

const clock = new ManualClock(Date.now());
const config = loadConfig({}, { dataDir, databaseUrl: '', logLevel: 'silent', pacing: 'on', webhookAllowPrivate: true, webhookRetrySchedule: [0, 5] });
const app = await createApp({ config, clock, random: seededRandom(7), logger: createLogger('silent') });
const good = await receiver(200);
const bad = await receiver(500);
const browser = await launchChromium();
try {
  const base = await app.server.listen({ host: '127.0.0.1', port: 0 });
  const key = await createKey(app.store.db, { name: 'crm-prod', now: clock.now() });
  if ('error' in key) throw new Error(key.error);
  await createKey(app.store.db, { name: 'reporting', workspaceId: key.workspaceId, now: clock.now(), allowedActions: ['get_response', 'list_requests', 'get_events'] });
  const post = async (op: string, body: unknown) => {
    const res = await app.server.inject({ method: 'POST', url: `/api/v1/${op}`, headers: { 'x-api-key': key.apiKey, 'x-api-secret': key.apiSecret, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    if (res.statusCode >= 300) throw new Error(`${op}: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body);
  };
  const settle = async () => {
    await app.engine.drain();
    await app.dispatcher.runDue();
  };

  await post('create_webhook', { url: good.url, description: 'CRM sync' });
  await post('create_webhook', { url: bad.url, events: ['CONNECTION_SENT', 'MESSAGE_SENT'], description: 'Analytics (down)' });
  const ada = (await post('login_v2', { email: 'ada.lovelace@example.com', password: 'x' })).accountId;
  const grace = (await post('login_v2', { email: 'grace.hopper@example.com', password: 'x' })).accountId;
  await post('login_v2', { email: 'alan.turing+pin@example.com', password: 'x' });
  await post('login_v2', { email: 'edsger.dijkstra@example.com', password: 'wrong-password' });
  await settle();
  await post('update_account_settings', { accountId: ada, timezone: 'Europe/London', budgets: { invitations: { daily: 15, weekly: 80 } } });
  for (const [i, id] of ['ACoAAmy-test-1', 'not-found-2', 'ACoAAmy-test-3', 'ACoAAmy-test-4', 'ACoAAmy-test-5'].entries()) {
    await post('connect', { accountId: ada, profile_id: id, message: i === 0 ? 'Hi Ada, we met at the analytics meetup.' : undefined });
    await settle();
    clock.advance(90_000);
  }
  await post('visit_profile', { accountId: ada, profile_id: 'ACoAAmy-test-6' });
  await post('send_message_to_profile_id', { accountId: ada, profile_id: 'ACoAAmy-test-1', message: 'Thanks for connecting!' });
  for (const id of ['ACoAAmy-test-7', 'ACoAAmy-test-8']) await post('connect', { accountId: grace, profile_id: id });
  await settle();
  await post('pause_account', { accountId: grace });
  await settle();
  clock.advance(10_000);
  await app.dispatcher.runDue();
  const link = await post('create_connect_link', { redirect_url: 'https://crm.example.com/linkedin/connected' });

  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1, colorScheme: 'light' });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  page.on('console', (m) => m.type() === 'error' && console.error('browser console:', m.text()));
  page.on('response', async (r) => r.status() >= 400 && console.error('HTTP', r.status(), r.url(), (await r.text().catch(() => '')).slice(0, 300)));
  await page.goto(`${base}/console`);
  await page.getByLabel('API key').fill(key.apiKey);
  await page.getByLabel('API secret').fill(key.apiSecret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Accounts' }).waitFor();
  await page.getByRole('link', { name: 'ada.lovelace@example.com' }).waitFor();
  await page.screenshot({ path: join(out, 'console-accounts.png'), fullPage: true });

  await page.getByRole('link', { name: 'ada.lovelace@example.com' }).click();
  await page.getByRole('heading', { name: 'Queue', level: 2 }).waitFor();
  await page.locator('table.data').first().waitFor();
  await page.screenshot({ path: join(out, 'console-account.png'), fullPage: true });

  await page.getByRole('link', { name: 'Requests', exact: true }).click();
  await page.getByRole('heading', { name: 'Requests' }).waitFor();
  await page.locator('table.data').waitFor();
  await page.screenshot({ path: join(out, 'console-requests.png'), fullPage: true });

  const connectRow = page.locator('tr', { hasText: 'connect' }).filter({ hasText: 'SUCCESS' }).last();
  await connectRow.getByRole('link').first().click();
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await page.getByText('Webhook CONNECTION_SENT').first().waitFor();
  await page.screenshot({ path: join(out, 'console-request.png'), fullPage: true });

  await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
  await page.getByRole('heading', { name: 'Recent deliveries' }).waitFor();
  await page.locator('table.data').nth(1).waitFor();
  await page.screenshot({ path: join(out, 'console-webhooks.png'), fullPage: true });

  await page.getByRole('link', { name: 'Events', exact: true }).click();
  await page.locator('ol.events li').first().waitFor();
  await page.screenshot({ path: join(out, 'console-events.png'), fullPage: false });

  await page.getByRole('link', { name: 'Keys', exact: true }).click();
  await page.getByRole('cell', { name: 'reporting' }).waitFor();
  await page.screenshot({ path: join(out, 'console-keys.png'), fullPage: true });

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const hosted = await phone.newPage();
  await hosted.goto(link.url.replace(/^http:\/\/[^/]+/, base));
  await hosted.getByRole('heading', { name: 'What connecting means' }).waitFor();
  await hosted.getByRole('textbox', { name: 'Email of your LinkedIn account' }).waitFor();
  await hosted.screenshot({ path: join(out, 'connect-page.png'), fullPage: true });

  await phone.addCookies(await context.cookies());
  const mobile = await phone.newPage();
  await mobile.goto(`${base}/console/accounts`);
  await mobile.getByRole('link', { name: 'ada.lovelace@example.com' }).waitFor();
  await mobile.screenshot({ path: join(out, 'console-accounts-phone.png'), fullPage: false });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await app.close();
  good.server.close();
  bad.server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
