/**
 * Reading the path segment after /in/ or /company/ out of whatever a user pasted:
 * "https://www.linkedin.com/in/ada-lovelace-3f9a1/", "http://fr.linkedin.com/in/ada-lovelace-3f9a1?trk=x",
 * "linkedin.com/in/ada-lovelace-3f9a1", "www.linkedin.com/in/ada-lovelace-3f9a1/details/skills/",
 * or a bare "ada-lovelace-3f9a1".
 */

const HOST = /^([a-z0-9-]+\.)?linkedin\.com$/;
const BARE = /^[^\s/?#:@]+$/;

/**
 * The identifier under `/<section>/` (case preserved, percent-decoded), the bare input itself when
 * it has no URL syntax, or null when it is a URL of something else.
 */
export function linkedInPathId(input: string, section: 'in' | 'company'): string | null {
  const text = input.trim();
  if (text.length === 0) return null;
  if (BARE.test(text)) return decode(text);

  const withoutScheme = text.replace(/^https?:\/\//i, '');
  const slash = withoutScheme.indexOf('/');
  if (slash < 0) return null;
  const host = withoutScheme.slice(0, slash).toLowerCase();
  if (!HOST.test(host)) return null;
  const path = withoutScheme.slice(slash).split(/[?#]/)[0];
  const segments = path.split('/').filter((s) => s.length > 0);
  if (segments.length < 2 || segments[0].toLowerCase() !== section) return null;
  return decode(segments[1]);
}

// A malformed %-escape cannot name anything: answer "not found" rather than throw.
function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
