import type { Selectable } from 'kysely';
import type { Sealer } from '../lib/secrets.ts';
import type { WebhookEndpointsTable } from '../store/tables.ts';
import type { SigningSecrets } from './message.ts';

/** Default time the secret before a rotation keeps signing, so receivers can switch without a gap. */
export const DEFAULT_ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

type EndpointSecrets = Pick<Selectable<WebhookEndpointsTable>, 'secret' | 'previous_secret' | 'previous_secret_expires_at'>;

/**
 * The secrets that sign at `now`. Endpoint secrets are sealed at rest rather than hashed: signing
 * needs them in clear, so they are opened here, just before use, and never leave this call's result.
 */
export function signingSecrets(row: EndpointSecrets, now: number, sealer: Sealer): SigningSecrets {
  const previousLive = row.previous_secret !== null && row.previous_secret_expires_at !== null && Number(row.previous_secret_expires_at) > now;
  return {
    current: sealer.open(row.secret),
    previous: previousLive ? sealer.open(row.previous_secret!) : null,
  };
}
