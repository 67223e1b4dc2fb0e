import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumAvailable, chromiumPath, launchChromium } from '../helpers/browser.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';
import { receiver } from './support.ts';

// The console and the hosted connection page in Debian's Chromium, against a real server (SQLite;
// the API tests cover both databases). The engine and the webhook dispatcher are driven by the test,
// which waits for what the page shows rather than for time.
const browserRequired = process.env.WELINK_TEST_BROWSER_REQUIRED === '1';
const skip = chromiumAvailable() || browserRequired ? false : `${chromiumPath} not found (apt-get install chromium); set WELINK_TEST_BROWSER_REQUIRED=1 to fail instead`;

describe('console in the browser', { skip, timeout: 300_000 }, () => {
  let t: TestApp;
  let dataDir: string;
  let base: string;
  let browser: Browser;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let hookStatus = 200;
  let tenant: Tenant;
  const problems: string[] = [];
  const elsewhere: string[] = [];

  before(async () => {
    assert.ok(chromiumAvailable(), `WELINK_TEST_BROWSER_REQUIRED=1 but ${chromiumPath} is missing`);
    dataDir = mkdtempSync(join(tmpdir(), 'welink-console-browser-'));
    hook = await receiver(() => hookStatus);
    t = await testApp({ dialect: 'sqlite', databaseUrl: '', dataDir }, { webhookRetrySchedule: [0] });
    base = await t.app.server.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    tenant = await t.tenant();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await hook?.close();
    rmSync(dataDir, { recursive: true, force: true });
    assert.deepEqual(elsewhere, [], 'no request may leave this server (or go to the test receiver)');
  });

  /** A fresh browser context that records CSP violations, script errors and requests to other hosts. */
  async function open(viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport });
    const allowed = new Set([new URL(base).host, new URL(hook.url).host]);
    context.on('request', (r) => {
      const url = new URL(r.url());
      if (!/^(data|blob):/.test(url.protocol) && !allowed.has(url.host)) elsewhere.push(r.url());
    });
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
    });
    return { context, page };
  }

  /** Signs in with the keyboard only: the API key field has the focus, Tab to the secret, Enter. */
  async function signIn(page: Page): Promise<void> {
    await page.goto(`${base}/console`);
    await page.waitForFunction(() => document.activeElement?.id === 'apiKey');
    await page.keyboard.type(tenant.apiKey);
    await page.keyboard.press('Tab');
    await page.keyboard.type(tenant.apiSecret);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    assert.ok(!page.url().includes(tenant.apiSecret) && !page.url().includes(tenant.apiKey), 'no credential in the URL');
  }

  it('signs in, sees a sandbox account and its queue, in order', async () => {
    const accountId = await loggedInAccount(t, tenant, 'ada.lovelace@example.com');
    const first = (await tenant.post('connect', { accountId, profile_id: 'ACoAAmy-test-1', message: 'Hello' })).body.requestId;
    const second = (await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAmy-test-2' })).body.requestId;
    const { context, page } = await open();
    try {
      await signIn(page);
      const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
      assert.equal(storage, '{}{}', 'nothing in web storage, and the session cookie is HttpOnly');

      const row = page.getByRole('row', { name: /ada\.lovelace@example\.com/ });
      await row.getByText('2 queued').waitFor();
      await row.getByText('ACTIVE').waitFor();
      await page.getByRole('link', { name: 'ada.lovelace@example.com' }).click();
      await page.getByRole('heading', { name: 'ada.lovelace@example.com', level: 1 }).waitFor();
      const queue = page.getByRole('table', { name: 'Queue' });
      await queue.getByRole('row').nth(2).waitFor();
      const rows = await queue.getByRole('row').allInnerTexts();
      assert.equal(rows.length, 3, rows.join('\n'));
      assert.match(rows[1], /^1\s+req_.*\s+connect\s+QUEUED/);
      assert.match(rows[2], /^2\s+req_.*\s+visit_profile\s+QUEUED[\s\S]*QUEUE/);
      assert.equal(await queue.getByRole('link').nth(0).getAttribute('href'), `/console/requests/${first}`);
      assert.equal(await queue.getByRole('link').nth(1).getAttribute('href'), `/console/requests/${second}`);

      // The queue moves without a reload: the engine runs the first request.
      await t.app.engine.runDue();
      await page.getByRole('table', { name: 'Recent requests' }).getByText('connect').waitFor();
      await queue.getByRole('row').nth(2).waitFor({ state: 'detached' });

      // At phone width the pages fit the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('link', { name: 'Accounts', exact: true }).click();
      await page.getByRole('link', { name: 'ada.lovelace@example.com' }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the accounts page is ${overflow}px wider than a phone`);
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });

  it('replays a failed delivery once the receiver is back', async () => {
    hookStatus = 500;
    const made = await tenant.post('create_webhook', { url: hook.url, events: ['LOGIN_SUCCESS'] });
    assert.equal(made.status, 200);
    await loggedInAccount(t, tenant, 'grace.hopper@example.com');
    await t.app.dispatcher.runDue();
    const failed = (await tenant.post('list_webhook_deliveries', { status: 'FAILED' })).body.deliveries;
    assert.equal(failed.length, 1);
    const deliveryId = failed[0].deliveryId;
    const { context, page } = await open();
    try {
      await signIn(page);
      await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
      const table = page.getByRole('table', { name: 'Recent deliveries' });
      const row = table.getByRole('row').filter({ has: page.getByRole('button', { name: `Replay delivery ${deliveryId}` }) });
      await row.getByRole('cell', { name: 'FAILED' }).waitFor();
      await row.getByRole('cell', { name: '500', exact: true }).waitFor();

      hookStatus = 200;
      const before = hook.received.length;
      const replayed = page.waitForResponse((r) => r.url().endsWith('/api/v1/replay_webhook_delivery') && r.status() === 200);
      // Keyboard: focus the button, press Enter.
      await row.getByRole('button', { name: `Replay delivery ${deliveryId}` }).focus();
      await page.keyboard.press('Enter');
      await replayed;
      await t.app.dispatcher.runDue();
      await row.getByRole('cell', { name: 'DELIVERED' }).waitFor();
      await row.getByRole('cell', { name: '200', exact: true }).waitFor();
      assert.equal(hook.received.length, before + 1);
      const got = hook.received[hook.received.length - 1];
      assert.equal(got.headers['webhook-id'], deliveryId, 'the replay keeps the webhook-id');
      assert.equal(got.body.event, 'LOGIN_SUCCESS');
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });

  it('completes a hosted connection with the +pin email and code 123456; ACCOUNT_CONNECTED reaches the receiver', async () => {
    await tenant.post('create_webhook', { url: hook.url, events: ['ACCOUNT_CONNECTED'] });
    const { context, page } = await open();
    let linkUrl = '';
    try {
      // The integrator side: a link made from the console.
      await signIn(page);
      await page.getByRole('button', { name: 'Connect an account' }).click();
      linkUrl = (await page.getByTestId('connect-url').innerText()).trim();
      assert.match(linkUrl, /\/connect\/[A-Za-z0-9_-]{43}$/);
    } finally {
      await context.close();
    }

    // The account owner's side, on a phone, with no console session.
    const owner = await open({ width: 390, height: 844 });
    try {
      const { page: p } = owner;
      await p.goto(linkUrl);
      await p.getByRole('heading', { name: 'What connecting means' }).waitFor();
      await p.getByText('LinkedIn forbids automation.').waitFor();
      await p.getByRole('textbox', { name: 'Email of your LinkedIn account' }).fill('alan.turing+pin@example.com');
      await p.getByRole('textbox', { name: 'Password' }).fill('correct horse battery staple');
      await p.getByRole('button', { name: 'Connect' }).click();
      await p.getByText('Tick the box to confirm').waitFor();
      await p.getByLabel('I understand what connecting means').check();
      await p.getByRole('button', { name: 'Connect' }).click();
      await p.getByText('Connecting to LinkedIn').waitFor();

      await t.app.engine.drain();
      const code = p.getByLabel('Code');
      await code.waitFor();
      await p.getByText('LinkedIn asks for a verification code').waitFor();
      await code.fill('123456');
      await p.keyboard.press('Enter');
      await p.getByText('Connecting to LinkedIn').waitFor();

      await t.app.engine.drain();
      await p.getByText('Your LinkedIn account is connected.').waitFor();
      await t.app.dispatcher.runDue();
      const connected = hook.received.filter((r) => r.body.event === 'ACCOUNT_CONNECTED');
      assert.equal(connected.length, 1);
      const event = connected[0].body;
      assert.match(event.accountId, /^acc_/);
      assert.match(event.connectLinkId, /^cnl_/);
      assert.ok(!connected[0].raw.includes('correct horse battery staple'));
      const account = await tenant.post('get_ln_account_details', { accountId: event.accountId });
      assert.equal(account.body.email, 'alan.turing+pin@example.com');
      assert.equal(account.body.status, 'ACTIVE');

      // The link worked once: opening it again says so.
      await p.goto(linkUrl);
      await p.getByRole('heading', { name: 'This connection link has already been used' }).waitFor();
    } finally {
      await owner.context.close();
    }
    assert.deepEqual(problems, []);
  });
  it("edits an account's budgets from the keyboard: save, reload, restore the defaults, and the API's error for a bad value", async () => {
    const accountId = await loggedInAccount(t, tenant, 'barbara.liskov@example.com');
    const details = async () => (await tenant.post('get_ln_account_details', { accountId })).body;
    const { context, page } = await open();
    try {
      await signIn(page);
      await page.goto(`${base}/console/accounts/${accountId}`);
      const form = page.getByRole('form', { name: 'Invitations', exact: true });
      const daily = form.getByRole('textbox', { name: 'Invitations per day' });
      // A sandbox account without caps of its own: the fields hold the defaults, and say so.
      assert.equal(await daily.inputValue(), '20');
      assert.equal(await form.getByRole('textbox', { name: 'Invitations per week' }).inputValue(), '100');
      assert.equal(await form.getByRole('textbox', { name: 'Invitations per 30 days' }).inputValue(), '');
      await form.getByText('Default: 20').waitFor();
      await page.getByText('No welink budgets apply to this account now').waitFor();

      // Change the daily cap and press Enter in the field.
      await daily.focus();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('7');
      await page.keyboard.press('Enter');
      await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      assert.deepEqual((await details()).budgetOverrides, { invitations: { daily: 7, weekly: 100 } });
      assert.deepEqual(
        (await details()).budgets.filter((b: { category: string }) => b.category === 'invitations').map((b: { name: string; limit: number }) => [b.name, b.limit]),
        [['invitations_daily', 7], ['invitations_weekly', 100]],
      );

      await page.reload();
      await page.getByRole('heading', { name: 'barbara.liskov@example.com', level: 1 }).waitFor();
      assert.equal(await daily.inputValue(), '7');
      await form.getByText('your caps').waitFor();
      await form.getByText('Used 0 of 7').waitFor();
      await page.getByRole('form', { name: 'Messages' }).getByText('defaults', { exact: true }).waitFor();

      // A value the API refuses: its message and code, next to the field it names, which is marked.
      await daily.focus();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('-1');
      await page.keyboard.press('Enter');
      const alert = form.getByRole('alert');
      await alert.waitFor();
      assert.equal((await alert.innerText()).replace(/\s+/g, ' ').trim(), 'Invalid request: budgets.invitations.daily must be >= 0. VALIDATION_FAILED');
      assert.equal(await daily.getAttribute('aria-invalid'), 'true');
      assert.ok((await daily.getAttribute('aria-describedby'))!.split(' ').includes((await alert.getAttribute('id'))!), 'the field points at the error');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-key')), 'budget:invitations:daily', 'the focus goes to the field to fix');
      assert.deepEqual((await details()).budgetOverrides, { invitations: { daily: 7, weekly: 100 } }, 'nothing changed');

      // Restore the defaults: from the field, Tab past the other two fields and Save, then Enter.
      const restore = form.getByRole('button', { name: 'Restore the defaults for Invitations' });
      for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-key')), 'budget-restore:invitations');
      await page.keyboard.press('Enter');
      await form.getByRole('status').filter({ hasText: 'Defaults restored.' }).waitFor();
      assert.equal((await details()).budgetOverrides, null);
      assert.deepEqual((await details()).budgets, []);
      assert.equal(await daily.inputValue(), '20');
      assert.equal(await restore.count(), 0);
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-key')), 'budget-save:invitations', 'the focus stays in the form');

      // At phone width the account page, budgets included, fits the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('heading', { name: 'Budgets', level: 2 }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth).map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
      );
      assert.ok(overflow <= 0, `the account page is ${overflow}px wider than a phone: ${wide.slice(0, 5).join(', ')}`);
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
});
