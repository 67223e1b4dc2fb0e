import type { Migration } from 'kysely';
import * as m001 from './001_initial.ts';
import * as m003 from './003_engine.ts';
import * as m004 from './004_sandbox.ts';
import * as m005 from './005_lane_index.ts';
import * as m006 from './006_unique_account_email.ts';
import * as m007 from './007_account_safety.ts';
import * as m008 from './008_webhook_fairness.ts';
import * as m009 from './009_live_sync.ts';
import * as m011 from './011_event_stamps.ts';
import * as m020 from './020_console.ts';
import * as m030 from './030_linkedin_query_ids.ts';
import * as m031 from './031_sync_seen_seen_at.ts';

/** Every migration, in order. Names never change once released. */
export const migrations: Record<string, Migration> = {
  '001_initial': m001,
  '003_engine': m003,
  '004_sandbox': m004,
  '005_lane_index': m005,
  '006_unique_account_email': m006,
  '007_account_safety': m007,
  '008_webhook_fairness': m008,
  '009_live_sync': m009,
  '011_event_stamps': m011,
  '020_console': m020,
  '030_linkedin_query_ids': m030,
  '031_sync_seen_seen_at': m031,
};
