import { sql, type Kysely, type Selectable } from 'kysely';
import { locksRows } from './locks.ts';
import type { Database, WebhookDeliveriesTable, WebhookEndpointsTable } from './tables.ts';

/** What an attempt needs of its endpoint, read under the claim's lock on the endpoint row. */
export type EndpointTarget = Pick<
  Selectable<WebhookEndpointsTable>,
  'id' | 'url' | 'enabled' | 'secret' | 'previous_secret' | 'previous_secret_expires_at' | 'failing_since'
>;

export interface ClaimedDelivery {
  delivery: Selectable<WebhookDeliveriesTable>;
  /** The event's payload; null when retention removed the event. */
  payload: string | null;
  endpoint: EndpointTarget;
}

export interface DeliveryClaim {
  now: number;
  leaseMs: number;
  /** Deliveries to take at most. */
  n: number;
  /** Deliveries in flight at once for one endpoint, across every process. */
  perEndpoint: number;
}

/**
 * Takes up to `n` due deliveries, fairly: endpoints with work are served least recently served first,
 * each workspace gets an equal share of the batch, and an endpoint never has more than `perEndpoint`
 * attempts in flight (a slow or hanging endpoint cannot hold back the others). Each delivery is
 * claimed by a lease and an attempt number (`attempts + 1`, the fence). The served endpoints' due
 * hints are brought up to date. Returns the deliveries with their event payload and endpoint.
 *
 * The in-flight count holds across processes because an endpoint is counted and leased under its row
 * lock; a claimer that finds the row locked moves on to the next endpoint instead of waiting.
 */
export function claimDueDeliveries(db: Kysely<Database>, o: DeliveryClaim): Promise<ClaimedDelivery[]> {
  if (o.n <= 0) return Promise.resolve([]);
  return locksRows(db) ? claimInOneStatement(db, o) : claimEndpointByEndpoint(db, o);
}

/** How many endpoints with work a claim looks at. */
const readyWindow = (n: number) => Math.max(16, n * 4);

const TARGET_COLUMNS = ['url', 'enabled', 'secret', 'previous_secret', 'previous_secret_expires_at', 'failing_since'] as const;

interface ClaimRow extends Selectable<WebhookDeliveriesTable> {
  payload: string | null;
  ep_url: string;
  ep_enabled: number;
  ep_secret: string;
  ep_previous_secret: string | null;
  ep_previous_secret_expires_at: number | null;
  ep_failing_since: number | null;
}

/**
 * PostgreSQL: one statement, so a claim is one round trip whatever the number of endpoints, and the
 * endpoint rows are locked only for that statement. It first estimates, without locking, how many
 * endpoints the endpoint-by-endpoint walk would visit before the batch is full (each gives at most its
 * room, each workspace at most its share), then locks as many, those first, skipping the ones another
 * claimer holds for the next in served order: two claimers take different endpoints instead of one
 * locking every endpoint with work. Under the locks the rooms are counted again, exactly, and the deliveries ranked the way
 * the walk takes them. Every CTE reads the same snapshot, hence the hints exclude what is taken now.
 */
async function claimInOneStatement(db: Kysely<Database>, o: DeliveryClaim): Promise<ClaimedDelivery[]> {
  const { now, n, perEndpoint } = o;
  const leaseUntil = now + o.leaseMs;
  const inFlight = (endpoint: string) =>
    sql`(select count(*) from webhook_deliveries d where d.endpoint_id = ${sql.ref(endpoint)} and d.lease_until > ${now} and d.status = 'PENDING')`;
  const r = await sql<ClaimRow>`
    with win as materialized (
      select e.id, e.workspace_id, e.seen, row_number() over (order by e.last_served_at, e.id) as ord
      from (
        select id, workspace_id, last_served_at, xmin::text as seen from webhook_endpoints
        where enabled = 1 and next_due_at <= ${now}
        order by last_served_at, id
        limit ${readyWindow(n)}
      ) e
    ), share as (
      select greatest(1, ceil(${n}::numeric / nullif(count(distinct workspace_id), 0)))::bigint as per_workspace from win
    ), offer as (
      select w.id, w.workspace_id, w.ord, greatest(0, least(${perEndpoint} - ${inFlight('w.id')}, (
        select count(*) from (
          select 1 from webhook_deliveries d
          where d.endpoint_id = w.id and d.status = 'PENDING' and d.next_attempt_at <= ${now} and (d.lease_until is null or d.lease_until <= ${now})
          limit ${n}
        ) x
      ))) as offer
      from win w
    ), visited as (
      select x.ord, sum(x.gives) over (order by x.ord) - x.gives as before
      from (
        select w.ord, least(w.offer, s.per_workspace - w.workspace_before) as gives
        from (select o.*, sum(o.offer) over (partition by o.workspace_id order by o.ord) - o.offer as workspace_before from offer o) w, share s
        where w.workspace_before < s.per_workspace
      ) x
    ), ready as materialized (
      select e.id, e.workspace_id, ${sql.join(TARGET_COLUMNS.map((c) => sql.ref(`e.${c}`)))}, w.ord, e.xmin::text as version, w.seen
      from webhook_endpoints e join win w on w.id = e.id left join (select ord from visited where before < ${n}) v on v.ord = w.ord
      where e.enabled = 1 and e.next_due_at <= ${now}
      -- The endpoints the walk visits, then (for those another claimer holds) the next ones in turn.
      order by v.ord is null, w.ord
      limit (select count(*) from visited where before < ${n})
      -- Another claimer serving an endpoint right now makes us move on to the next one.
      for update of e skip locked
    ), fresh as materialized (
      -- Locked, an endpoint reads as its latest version; when that is not the version of this statement's
      -- snapshot, another claim committed since the snapshot was taken, and its leases are not in the
      -- counts below: the endpoint is left for the next claim (every claim that leases writes the row).
      select * from ready where version = seen
    ), room as materialized (
      select r.id, ${perEndpoint} - ${inFlight('r.id')} as room from fresh r
    ), due as materialized (
      select c.id, c.next_attempt_at, r.id as endpoint_id, r.workspace_id, r.ord
      from fresh r join room on room.id = r.id
      cross join lateral (
        select d.id, d.next_attempt_at from webhook_deliveries d
        where d.endpoint_id = r.id and d.status = 'PENDING' and d.next_attempt_at <= ${now}
          and (d.lease_until is null or d.lease_until <= ${now})
        order by d.next_attempt_at
        limit least(greatest(room.room, 0), ${n})
        for update skip locked
      ) c
    ), picked as materialized (
      select w.id, w.endpoint_id
      from (
        select d.*, row_number() over (partition by d.workspace_id order by d.ord, d.next_attempt_at) as in_workspace from due d
      ) w, share
      where w.in_workspace <= share.per_workspace
      order by w.ord, w.next_attempt_at
      limit ${n}
    ), claimed as (
      update webhook_deliveries d set attempts = d.attempts + 1, lease_until = ${leaseUntil}
      from picked p where d.id = p.id
      returning d.*
    ), served as (
      -- Endpoints passed over for the workspace share or the batch size keep their turn.
      -- While deliveries of the endpoint are in flight its hint stays due (now), not at their leases'
      -- expiry: a hint in the future makes every event emitted for the endpoint write its row and hold
      -- that lock until its own commit, and claimers skip a locked endpoint. A due hint that finds
      -- nothing costs an empty claim, which the dispatcher spaces out.
      update webhook_endpoints e set last_served_at = ${now}, next_due_at = least(
        (select min(d.next_attempt_at) from webhook_deliveries d
          where d.endpoint_id = e.id and d.status = 'PENDING' and d.lease_until is null and d.id not in (select id from picked)),
        case when exists (select 1 from picked p where p.endpoint_id = e.id)
          or exists (select 1 from webhook_deliveries d where d.endpoint_id = e.id and d.lease_until is not null and d.status = 'PENDING')
          then ${now}::bigint end
      )
      from fresh r join room on room.id = r.id
      where e.id = r.id and (
        room.room <= 0
        or exists (select 1 from picked p where p.endpoint_id = r.id)
        or not exists (select 1 from due where due.endpoint_id = r.id)
      )
    )
    select c.*, ev.payload, ${sql.join(TARGET_COLUMNS.map((col) => sql`r.${sql.ref(col)} as ${sql.ref(`ep_${col}`)}`))}
    from claimed c join fresh r on r.id = c.endpoint_id left join events ev on ev.id = c.event_id
    order by r.ord, c.next_attempt_at`.execute(db);
  return r.rows.map((row) => {
    const { payload, ep_url, ep_enabled, ep_secret, ep_previous_secret, ep_previous_secret_expires_at, ep_failing_since, ...delivery } = row;
    return {
      delivery,
      payload,
      endpoint: {
        id: delivery.endpoint_id,
        url: ep_url,
        enabled: ep_enabled,
        secret: ep_secret,
        previous_secret: ep_previous_secret,
        previous_secret_expires_at: ep_previous_secret_expires_at,
        failing_since: ep_failing_since,
      },
    };
  });
}

/**
 * SQLite: one writer at a time, in this process, so statements cost no round trip; the endpoints are
 * walked one by one. The caller's transaction makes the count and the leases of an endpoint atomic.
 */
async function claimEndpointByEndpoint(db: Kysely<Database>, o: DeliveryClaim): Promise<ClaimedDelivery[]> {
  const { now, n, perEndpoint } = o;
  const ready = await db
    .selectFrom('webhook_endpoints')
    .select(['id', 'workspace_id', ...TARGET_COLUMNS])
    .where('enabled', '=', 1)
    .where('next_due_at', '<=', now)
    .orderBy('last_served_at')
    .orderBy('id')
    .limit(readyWindow(n))
    .execute();
  if (ready.length === 0) return [];
  const perWorkspace = Math.max(1, Math.ceil(n / new Set(ready.map((e) => e.workspace_id)).size));
  const taken = new Map<string, number>();
  const claimed: ClaimedDelivery[] = [];
  for (const e of ready) {
    if (claimed.length >= n) break;
    const share = perWorkspace - (taken.get(e.workspace_id) ?? 0);
    if (share <= 0) continue;
    const inFlight = await db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('endpoint_id', '=', e.id)
      .where('lease_until', 'is not', null)
      .where('lease_until', '>', now)
      .where('status', '=', 'PENDING')
      .executeTakeFirstOrThrow();
    const room = Math.min(perEndpoint - Number(inFlight.n), share, n - claimed.length);
    if (room > 0) {
      const due = db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('endpoint_id', '=', e.id)
        .where('status', '=', 'PENDING')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
        .orderBy('next_attempt_at')
        .limit(room);
      const rows = await db
        .updateTable('webhook_deliveries')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), lease_until: now + o.leaseMs }))
        .where('id', 'in', due)
        .returningAll()
        .execute();
      rows.sort((a, b) => Number(a.next_attempt_at) - Number(b.next_attempt_at));
      const payloads = await payloadsOf(db, rows);
      for (const d of rows) claimed.push({ delivery: d, payload: payloads.get(d.event_id) ?? null, endpoint: { ...e } });
      taken.set(e.workspace_id, (taken.get(e.workspace_id) ?? 0) + rows.length);
    }
    await db.updateTable('webhook_endpoints').set({ last_served_at: now, next_due_at: await nextDueOf(db, e.id) }).where('id', '=', e.id).execute();
  }
  return claimed;
}

async function payloadsOf(db: Kysely<Database>, rows: { event_id: string }[]): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const events = await db.selectFrom('events').select(['id', 'payload']).where('id', 'in', [...new Set(rows.map((d) => d.event_id))]).execute();
  return new Map(events.map((e) => [e.id, e.payload]));
}

/**
 * When the endpoint next has a delivery to attempt: its earliest unleased pending delivery, or the
 * earliest lease of one in flight to expire (its worker may die); null when nothing is pending.
 */
async function nextDueOf(db: Kysely<Database>, endpointId: string): Promise<number | null> {
  const pending = (eb: any) => eb.selectFrom('webhook_deliveries').where('endpoint_id', '=', endpointId).where('status', '=', 'PENDING');
  const row = await db
    .selectNoFrom((eb) => [
      pending(eb).select((e: any) => e.fn.min('next_attempt_at').as('t')).where('lease_until', 'is', null).as('free'),
      pending(eb).select((e: any) => e.fn.min('lease_until').as('t')).where('lease_until', 'is not', null).as('leased'),
    ])
    .executeTakeFirstOrThrow();
  const times = [row.free, row.leased].filter((t): t is number => t !== null && t !== undefined).map(Number);
  return times.length === 0 ? null : Math.min(...times);
}
