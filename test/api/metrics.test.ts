import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachDialect } from '../helpers/dialects.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';
import { Receiver } from '../helpers/receiver.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Family {
  type: string;
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(,|$)/y;

/**
 * A strict reader of the Prometheus text format (0.0.4): every sample belongs to a family declared
 * with HELP and TYPE, names and labels are well formed, values are numbers, histograms are complete.
 */
function parseExposition(text: string): Map<string, Family> {
  assert.ok(text.endsWith('\n'), 'ends with a newline');
  const families = new Map<string, Family>();
  const familyOf = (name: string): Family | undefined => {
    for (const suffix of ['', '_bucket', '_sum', '_count']) {
      if (suffix && !name.endsWith(suffix)) continue;
      const f = families.get(name.slice(0, name.length - suffix.length));
      if (f && (suffix === '' ? f.type !== 'histogram' : f.type === 'histogram' || f.type === 'summary')) return f;
    }
    return undefined;
  };
  for (const line of text.split('\n').filter((l) => l !== '')) {
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      assert.match(name, NAME, line);
      const f = families.get(name) ?? { type: '', help: '', samples: [] };
      if (kind === 'TYPE') {
        assert.ok(['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest), line);
        assert.equal(f.samples.length, 0, `TYPE before samples: ${line}`);
        f.type = rest;
      } else f.help = rest;
      families.set(name, f);
      continue;
    }
    assert.ok(!line.startsWith('#'), `unknown comment: ${line}`);
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `sample line: ${line}`);
    const [, name, labelText = '', valueText] = m;
    const labels: Record<string, string> = {};
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < labelText.length) {
      const l = LABEL.exec(labelText);
      assert.ok(l, `labels: ${line}`);
      labels[l[1]] = l[2];
    }
    // Values are read like Go's strconv.ParseFloat, which Prometheus uses: NaN and Inf in any case.
    const special = /^([+-]?)(inf|infinity|nan)$/i.exec(valueText);
    const value = special ? (special[2].toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity) : Number(valueText);
    assert.ok(special || (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(valueText) && !Number.isNaN(value)), `value: ${line}`);
    const f = familyOf(name);
    assert.ok(f && f.type && f.help !== undefined, `sample of a declared family: ${line}`);
    f.samples.push({ name, labels, value });
  }
  for (const [name, f] of families) {
    if (f.type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const s of f.samples.filter((x) => x.name === `${name}_bucket`)) {
      const { le, ...rest } = s.labels;
      assert.ok(le !== undefined, `${name} bucket has le`);
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), s]);
    }
    for (const [key, buckets] of series) {
      assert.equal(buckets.at(-1)?.labels.le, '+Inf', `${name}${key} ends with +Inf`);
      for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i].value >= buckets[i - 1].value, `${name}${key} buckets are cumulative`);
      const count = f.samples.find((s) => s.name === `${name}_count` && JSON.stringify(s.labels) === key);
      assert.equal(count?.value, buckets.at(-1)?.value, `${name}${key} count equals the +Inf bucket`);
    }
  }
  return families;
}

function value(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  const family = families.get(name.replace(/_(count|sum|bucket)$/, '')) ?? families.get(name);
  return family?.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

forEachDialect('/metrics', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  let receiver: Receiver;
  before(async () => {
    t = await testApp(env());
    tenant = await t.tenant();
    receiver = await Receiver.start();
  });
  after(async () => {
    await t.close();
    await receiver.down();
  });

  const scrape = async () => {
    const res = await t.app.server.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    return { text: res.body, families: parseExposition(res.body) };
  };

  it('counts responses and shows queue depth without tenant data', async () => {
    const accountId = await loggedInAccount(t, tenant, 'metrics.person@example.com');
    await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAm1' });
    await tenant.post('get_response', { request_id: 'req_missing' });
    const { text, families } = await scrape();
    assert.equal(value(families, 'welink_requests_unfinished', { state: 'QUEUED' }), 1);
    assert.equal(value(families, 'welink_http_responses_total', { code: '404', route: '/api/v1/get_response' }), 1);
    assert.equal(value(families, 'welink_accounts', { status: 'ACTIVE' }), 1);
    assert.ok(!text.includes(accountId));
    assert.ok(!text.includes('metrics.person'));
  });

  it('process metrics from prom-client: memory, event-loop lag, GC, handles', async () => {
    const { families } = await scrape();
    for (const name of ['process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_active_handles_total']) {
      assert.ok((families.get(name)?.samples.length ?? 0) > 0, name);
    }
    assert.equal(families.get('nodejs_gc_duration_seconds')?.type, 'histogram');
  });

  it('acceptances, refusals by reason, acceptance latency and action duration per action', async () => {
    const accountId = await loggedInAccount(t, tenant, 'metrics.two@example.com');
    const before = (await scrape()).families;
    const acceptedBefore = value(before, 'welink_requests_accepted_total', { action: 'connect' }) ?? 0;
    assert.equal((await tenant.post('connect', { accountId, profile_id: 'ACoAAmetrics' }, { 'idempotency-key': 'm-1' })).status, 200);
    assert.equal((await tenant.post('connect', { accountId, profile_id: 'ACoAAmetrics' }, { 'idempotency-key': 'm-1' })).headers['idempotent-replayed'], 'true');
    assert.equal((await tenant.post('connect', { accountId })).status, 400);
    assert.equal((await tenant.post('connect', { accountId: 'acc_nobody', profile_id: 'x' })).status, 404);
    assert.equal((await t.app.server.inject({ method: 'POST', url: '/api/v1/connect', headers: { 'content-type': 'application/json' }, payload: '{}' })).statusCode, 401);
    await t.app.engine.drain();
    const { families } = await scrape();
    assert.equal(value(families, 'welink_requests_accepted_total', { action: 'connect' }), acceptedBefore + 1, 'the replay is not counted');
    assert.equal(value(families, 'welink_requests_rejected_total', { action: 'connect', reason: 'VALIDATION_FAILED' }), 1);
    assert.equal(value(families, 'welink_requests_rejected_total', { action: 'connect', reason: 'ACCOUNT_NOT_FOUND' }), 1);
    assert.equal(value(families, 'welink_requests_rejected_total', { action: 'connect', reason: 'UNAUTHORIZED' }), 1);
    assert.equal(value(families, 'welink_acceptance_seconds_count', { action: 'connect' }), acceptedBefore + 1);
    assert.ok((value(families, 'welink_action_duration_seconds_count', { action: 'connect', outcome: 'success' }) ?? 0) >= 1);
    assert.ok((value(families, 'welink_action_duration_seconds_count', { action: 'login_v2', outcome: 'success' }) ?? 0) >= 1);
  });

  it('webhook attempts by outcome and the time from a finished request to its delivery', async () => {
    const hooked = await t.tenant();
    const created = await hooked.post('create_webhook', { url: receiver.url });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    await loggedInAccount(t, hooked, 'metrics.hooked@example.com');
    t.clock.advance(1500);
    while ((await t.app.dispatcher.runDue()) > 0);
    assert.ok(receiver.received.length >= 1);
    const { families } = await scrape();
    assert.ok((value(families, 'welink_webhook_attempts_total', { outcome: 'DELIVERED' }) ?? 0) >= 1);
    assert.ok((value(families, 'welink_webhook_attempt_duration_seconds_count', { outcome: 'DELIVERED' }) ?? 0) >= 1);
    assert.ok((value(families, 'welink_finish_to_webhook_seconds_count') ?? 0) >= 1);
    assert.ok((value(families, 'welink_finish_to_webhook_seconds_sum') ?? 0) >= 1.5, 'measured on the injected clock');
  });
});
