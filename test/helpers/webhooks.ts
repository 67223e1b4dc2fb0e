import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { Tenant } from './app.ts';
import type { Received } from './receiver.ts';

/** Fast schedule: 4 attempts, 1 s (±20%) apart; the tests step the manual clock past each. */
export const SCHEDULE = [0, 1, 1, 1];
export const STEP = 1500;

export interface Hook {
  webhookId: string;
  secret: string;
}

export async function createHook(tenant: Tenant, url: string, extra: Record<string, unknown> = {}): Promise<Hook> {
  const res = await tenant.post('create_webhook', { url, ...extra });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.match(res.body.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
  assert.match(res.body.webhookId, /^whk_/);
  return { webhookId: res.body.webhookId, secret: res.body.secret };
}

export async function connect(tenant: Tenant, accountId: string, profileId: string): Promise<string> {
  const ack = await tenant.post('connect', { accountId, profile_id: profileId });
  assert.equal(ack.status, 200, JSON.stringify(ack.body));
  return ack.body.requestId;
}

export async function deliveries(tenant: Tenant, filter: Record<string, unknown>): Promise<any[]> {
  const res = await tenant.post('list_webhook_deliveries', filter);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.deliveries;
}

/** The documented We-Link rule, written out independently of src: HMAC-SHA256 hex, keyed with the whole secret text, over JSON.stringify of the body without hash. */
export function welinkRule(body: string, secret: string): boolean {
  const { hash, ...rest } = JSON.parse(body);
  return hash === createHmac('sha256', secret).update(JSON.stringify(rest)).digest('hex');
}

export function verifiesWith(r: Received, secret: string): boolean {
  try {
    new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
}
