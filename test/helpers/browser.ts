import { existsSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** The system Chromium (Debian package `chromium`) that browser tests drive. */
export const chromiumPath = '/usr/bin/chromium';

/** True when the system Chromium is installed; browser tests skip (or fail, if required) otherwise. */
export function chromiumAvailable(): boolean {
  return existsSync(chromiumPath);
}

/** Launches the system Chromium headless, with background networking (updates, sync, QUIC) turned off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface TryItOptions {
  /** Path of the operation as written in the document, e.g. `/api/v1/get_all_ln_accounts`. */
  operationPath: string;
  /** Value for the `x-api-key` header scheme. */
  apiKey: string;
  /** Value for the `x-api-secret` header scheme. */
  apiSecret: string;
  /** JSON request body replacing the document's example; the example is sent when omitted. */
  body?: string;
  /** Upper bound for each wait, in milliseconds (default 30 s). */
  timeoutMs?: number;
}

/**
 * Drives Scalar's "try it" client on an opened `/docs` page the way a user would: finds the operation
 * with the reference's search, opens its test-request client, fills both auth headers (and the body,
 * if given), sends, and returns the response the browser received. Closes the client afterwards, so
 * it can be called again on the same page.
 */
export async function tryItInScalar(page: Page, opts: TryItOptions): Promise<{ status: number; bodyText: string }> {
  const timeout = opts.timeoutMs ?? 30_000;
  const path = escapeRegExp(opts.operationPath);

  // Only the operations near the viewport are rendered, so navigate with search rather than scrolling.
  await page.getByRole('search').first().click({ timeout });
  await page.getByRole('combobox', { name: 'Enter search query' }).fill(opts.operationPath, { timeout });
  await page.getByRole('option', { name: new RegExp(`Path:\\s*${path}\\s*$`) }).first().click({ timeout });

  // Accessible name: "Test Request (post /api/v1/...)".
  await page.getByRole('button', { name: new RegExp(`^Test Request\\s*\\(\\w+ ${path}\\)$`) }).first().click({ timeout });
  const client = page.getByRole('dialog', { name: 'API Client' });
  await client.waitFor({ state: 'visible', timeout });

  if (opts.body !== undefined) await setBody(page, client, opts.body, timeout);

  // Each auth scheme is a table: a "Name" row holding the header name, then a "Value" row with the input.
  const valueInput = (header: string) =>
    client
      .locator('tr', { has: page.locator('[contenteditable="true"]', { hasText: new RegExp(`^\\s*${header}\\s*$`) }) })
      .locator('xpath=following-sibling::tr[1]')
      .getByRole('textbox')
      .first();
  await valueInput('x-api-key').fill(opts.apiKey, { timeout });
  await valueInput('x-api-secret').fill(opts.apiSecret, { timeout });

  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => new URL(r.url()).pathname === opts.operationPath && r.request().method() !== 'OPTIONS',
      { timeout },
    ),
    client.getByRole('button', { name: /^Send \w+ request to /i }).click({ timeout }),
  ]);
  const result = { status: response.status(), bodyText: await response.text() };

  await client.getByRole('button', { name: 'Close Client' }).click({ timeout });
  await client.waitFor({ state: 'hidden', timeout });
  return result;
}

// Scalar commits an edited body through a debounced event (about 330 ms after the last change), so a
// Send right after typing would go out with the old body. The client's generated code snippet is rendered
// from the committed request: once it changes, the new body is in.
async function setBody(page: Page, client: Locator, body: string, timeout: number): Promise<void> {
  const editor = client.getByRole('region', { name: 'Request Body' }).locator('[contenteditable="true"]').first();
  if (sameBody(await editor.innerText({ timeout }), body)) return;

  const snippetToggle = client.getByRole('button', { name: 'Code Snippet' });
  if ((await snippetToggle.getAttribute('aria-expanded', { timeout })) !== 'true') await snippetToggle.click({ timeout });
  const snippet = client.getByRole('region', { name: 'Code Snippet' });
  const before = await snippet.locator('code').first().textContent({ timeout });

  // CodeMirror: replace the content through the keyboard, as a paste would (typing would auto-close brackets).
  await editor.click({ timeout });
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(body);
  // Hold the section, not the <code>: the snippet may be re-rendered as a new element.
  const section = await snippet.elementHandle({ timeout });
  await page.waitForFunction(
    ([el, previous]) => el?.querySelector('code')?.textContent !== previous,
    [section, before] as const,
    { timeout },
  );
  await section?.dispose();
}

// Bodies are compared as JSON when both parse, as text otherwise (a deliberately invalid body, say).
function sameBody(a: string, b: string): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(a), JSON.parse(b));
  } catch {
    return a.trim() === b.trim();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
