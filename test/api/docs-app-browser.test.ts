import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createKey } from '../../src/tenancy/keys.ts';
import { chromiumAvailable, chromiumPath, launchChromium, tryItInScalar } from '../helpers/browser.ts';

const required = process.env.WELINK_TEST_BROWSER_REQUIRED === '1';

test('the real /docs lists the operations and runs an account call through "try it" with real credentials', async (t) => {
  if (!chromiumAvailable()) {
    if (required) assert.fail(`${chromiumPath} is missing and WELINK_TEST_BROWSER_REQUIRED=1`);
    t.skip(`${chromiumPath} is not installed (apt-get install -y chromium)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'welink-docs-'));
  const config = loadConfig({}, { dataDir: dir, port: 0, host: '127.0.0.1', logLevel: 'silent', pacing: 'off' });
  const app = await createApp({ config });
  const { port } = await app.start();
  const created = await createKey(app.store.db, { name: 'browser', now: Date.now() });
  if ('error' in created) throw new Error(created.error);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(`http://127.0.0.1:${port}`) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    await page.goto(`http://127.0.0.1:${port}/docs`);
    await page.getByText('List connected LinkedIn accounts').first().waitFor({ timeout: 30000 });
    await page.getByText('Connections').first().waitFor({ timeout: 30000 });
    const res = await tryItInScalar(page, { operationPath: '/api/v1/get_all_ln_accounts', apiKey: created.apiKey, apiSecret: created.apiSecret });
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.bodyText), []);
    assert.deepEqual(foreign, []);
  } finally {
    await browser.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
