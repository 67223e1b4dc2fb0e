import { createHash } from 'node:crypto';

/**
 * The browser an account's calls look like they come from: its user agent (the owner's own,
 * given to connect_account_cookies, or one pinned per account from recent desktop Chrome), and
 * what a browser with that user agent sends besides: client hints (`sec-ch-ua*`, Chromium only),
 * LinkedIn's `x-li-track` telemetry header, a page instance and a referer per page.
 */

/** Recent desktop Chrome (148–150, the versions of the mid-2026 captures), in its reduced UA form. */
export const CHROME_USER_AGENTS: readonly string[] = [148, 149, 150].flatMap((v) => [
  `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`,
  `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`,
  `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`,
]);

const hashOf = (key: string) => createHash('sha256').update(key).digest().readUInt32BE(0);

/** The user agent an account keeps when its owner gave none (stable for the same key). */
export function pinnedUserAgent(key: string): string {
  return CHROME_USER_AGENTS[hashOf(key) % CHROME_USER_AGENTS.length];
}

type Platform = 'Windows' | 'macOS' | 'Linux' | 'Chrome OS' | 'Android' | 'Unknown';

function platformOf(ua: string): Platform {
  if (/Android/.test(ua)) return 'Android';
  if (/CrOS/.test(ua)) return 'Chrome OS';
  if (/Windows/.test(ua)) return 'Windows';
  if (/Macintosh|Mac OS X/.test(ua)) return 'macOS';
  if (/Linux|X11/.test(ua)) return 'Linux';
  return 'Unknown';
}

// Chromium's GREASE brand: the punctuation and version of the "Not A Brand" entry and the order of
// the three entries are drawn from the major version (components/embedder_support/user_agent_utils.cc,
// GetGreasedUserAgentBrandVersion), so a header that disagrees with the UA's version gives it away.
const GREASE_CHARS = [' ', '(', ':', '-', '.', '/', ')', ';', '=', '?', '_'];
const GREASE_VERSIONS = ['8', '99', '24'];
const ORDERS = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
];

/**
 * The client hints a Chromium browser sends with this user agent, or null for any other browser
 * (Firefox and Safari send none; Chrome on iOS is WebKit and sends none either).
 */
export function clientHints(ua: string): { 'sec-ch-ua': string; 'sec-ch-ua-mobile': string; 'sec-ch-ua-platform': string } | null {
  if (/CriOS|FxiOS|Firefox\//.test(ua)) return null;
  const chromium = /(?:Chrome|Chromium)\/(\d+)/.exec(ua);
  if (!chromium) return null;
  const major = Number(chromium[1]);
  const edge = /Edg\/(\d+)/.exec(ua);
  const opera = /OPR\/(\d+)/.exec(ua);
  const brand = edge ? ['Microsoft Edge', edge[1]] : opera ? ['Opera', opera[1]] : ['Google Chrome', String(major)];
  const grease = [`Not${GREASE_CHARS[major % GREASE_CHARS.length]}A${GREASE_CHARS[(major + 1) % GREASE_CHARS.length]}Brand`, GREASE_VERSIONS[major % GREASE_VERSIONS.length]];
  const order = ORDERS[major % ORDERS.length];
  const list: string[][] = [];
  list[order[0]] = grease;
  list[order[1]] = ['Chromium', String(major)];
  list[order[2]] = brand;
  const platform = platformOf(ua);
  return {
    'sec-ch-ua': list.map(([b, v]) => `"${b}";v="${v}"`).join(', '),
    'sec-ch-ua-mobile': /Mobile/.test(ua) ? '?1' : '?0',
    'sec-ch-ua-platform': `"${platform}"`,
  };
}

/** A screen a desktop with this user agent plausibly has, stable per account. */
export function screenOf(accountId: string, ua: string): { width: number; height: number; density: number } {
  const screens =
    platformOf(ua) === 'macOS'
      ? [
          { width: 1440, height: 900, density: 2 },
          { width: 1512, height: 982, density: 2 },
          { width: 1728, height: 1117, density: 2 },
        ]
      : [
          { width: 1920, height: 1080, density: 1 },
          { width: 1536, height: 864, density: 1.25 },
          { width: 2560, height: 1440, density: 1 },
        ];
  return screens[hashOf(`screen:${accountId}`) % screens.length];
}

/** Offset of `timeZone` from UTC at `at`, in hours east (5.5 for Asia/Kolkata), as `x-li-track` carries it. */
export function timezoneOffsetHours(timeZone: string, at: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((local - Math.floor(at / 1000) * 1000) / 60_000) / 60;
}

/** A time zone Intl knows, else UTC. */
export function knownTimeZone(tz: string | null | undefined): string {
  if (!tz) return 'Etc/UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    // An IANA name this Node's ICU does not know: a browser would report UTC rather than fail.
    return 'Etc/UTC';
  }
}

/**
 * LinkedIn's `x-li-track` header as the web app sends it (voyager.md §1.1 and §8; the field order
 * of the captures): the client version, the browser's time zone and its screen.
 */
export function liTrack(o: { clientVersion: string; timeZone: string; at: number; screen: { width: number; height: number; density: number } }): string {
  return JSON.stringify({
    clientVersion: o.clientVersion,
    mpVersion: o.clientVersion,
    osName: 'web',
    timezoneOffset: timezoneOffsetHours(o.timeZone, o.at),
    timezone: o.timeZone,
    deviceFormFactor: 'DESKTOP',
    mpName: 'voyager-web',
    displayDensity: o.screen.density,
    displayWidth: o.screen.width,
    displayHeight: o.screen.height,
  });
}
