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
export function signingSecrets(row: EndpointSecrets, now: number, sealer: Pick<Sealer, 'open'>): SigningSecrets {
  const previousLive = row.previous_secret !== null && row.previous_secret_expires_at !== null && Number(row.previous_secret_expires_at) > now;
  return {
    current: sealer.open(row.secret),
    previous: previousLive ? sealer.open(row.previous_secret!) : null,
  };
}

/**
 * Opened endpoint secrets, kept by their sealed text: a rotation or an update stores a new sealed
 * text, so a kept secret is never used after it changed. Bounded; opening one again is cheap, doing
 * it for every attempt was not.
 */
export class OpenedSecrets {
  private readonly opened = new Map<string, string>();

  constructor(
    private readonly sealer: Pick<Sealer, 'open'>,
    private readonly max = 1000,
  ) {}

  open(sealed: string): string {
    let clear = this.opened.get(sealed);
    if (clear === undefined) {
      clear = this.sealer.open(sealed);
      if (this.opened.size >= this.max) this.opened.delete(this.opened.keys().next().value!);
      this.opened.set(sealed, clear);
    }
    return clear;
  }
}
