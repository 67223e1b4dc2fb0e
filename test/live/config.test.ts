import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';

it('WELINK_LINKEDIN_BASE_URL points the live provider at another host', () => {
  assert.equal(loadConfig({}).linkedinBaseUrl, 'https://www.linkedin.com');
  assert.equal(loadConfig({ WELINK_LINKEDIN_BASE_URL: 'http://127.0.0.1:9999' }).linkedinBaseUrl, 'http://127.0.0.1:9999');
  assert.throws(() => loadConfig({ WELINK_LINKEDIN_BASE_URL: 'ftp://x' }), /WELINK_LINKEDIN_BASE_URL/);
});
