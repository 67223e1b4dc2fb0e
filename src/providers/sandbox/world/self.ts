/** The sandbox member behind a login email: its name and its deterministic random stream key. */

/** Emails are case-insensitive and often pasted with spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const NAME_PART = /^\p{L}+(?:-\p{L}+)*$/u;

/**
 * "ada.lovelace@x" -> Ada Lovelace, "jean-paul_sartre+test@x" -> Jean-Paul Sartre,
 * "mary.ann.smith@x" -> Mary Ann Smith. Trailing digits ("ada.lovelace42") are ignored. Anything
 * else ("ada@x", "a.b@x", "dev.team.2@x") gives null: the member's name is then generated.
 */
export function nameFromEmail(email: string): { first: string; last: string } | null {
  const at = email.lastIndexOf('@');
  if (at <= 0) return null;
  const local = email.slice(0, at).split('+')[0].replace(/\d+$/, '');
  const parts = local.split(/[._]/);
  if (parts.length < 2 || parts.length > 3) return null;
  if (!parts.every((p) => p.length >= 2 && NAME_PART.test(p))) return null;
  const [first, ...rest] = parts.map(capitalize);
  return { first, last: rest.join(' ') };
}

function capitalize(part: string): string {
  return part
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join('-');
}
