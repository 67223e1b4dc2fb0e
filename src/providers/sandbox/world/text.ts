/** Text helpers shared by the generators and search: ASCII folding, slugs, templates. */

// Letters that Unicode decomposition does not reduce to a base letter plus accents.
const SPECIAL: Record<string, string> = {
  ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', þ: 'th', ð: 'd',
};

const NON_ASCII = /[^\x00-\x7f]/;

// Folding a character means Unicode decomposition, which is slow; each distinct one is folded once.
const foldedChars = new Map<string, string>();

/** Lower-case ASCII with accents removed: "Søren Müller-Łukasz" -> "soren muller-lukasz". */
export function fold(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  let out = '';
  for (const c of text) out += c.charCodeAt(0) < 0x80 ? c : foldChar(c);
  return out.toLowerCase();
}

function foldChar(c: string): string {
  let folded = foldedChars.get(c);
  if (folded === undefined) {
    folded = SPECIAL[c] ?? c.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    // Bounded: search input can bring any character.
    if (foldedChars.size < 4096) foldedChars.set(c, folded);
  }
  return folded;
}

// Names and company words repeat a lot; their slugs are computed once.
const slugs = new Map<string, string>();

/** A URL slug: "Anne-Sophie de Vries" -> "anne-sophie-de-vries", "O'Brien" -> "obrien". */
export function slugify(text: string): string {
  let slug = slugs.get(text);
  if (slug === undefined) {
    slug = toSlug(text);
    // Bounded: arbitrary input (emails of sandbox members) must not grow it forever.
    if (slugs.size < 10_000) slugs.set(text, slug);
  }
  return slug;
}

function toSlug(text: string): string {
  return fold(text)
    .replace(/['\u2019]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Search tokens of a text. "+" and "#" stay inside a token so C++ and C# remain searchable; every
 * other punctuation mark separates words.
 */
export function tokens(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9+#]+/)
    .filter((t) => t.length > 0);
}

// Templates are few and filled thousands of times: split each once into literal and key parts.
const compiled = new Map<string, string[]>();

/**
 * Replaces `{name}` placeholders; an unknown placeholder is a bug in the data, so it throws.
 */
export function fill(template: string, vars: Record<string, string | number>): string {
  let parts = compiled.get(template);
  if (!parts) {
    // Odd indexes hold placeholder names.
    parts = template.split(/\{(\w+)\}/);
    compiled.set(template, parts);
  }
  let out = parts[0];
  for (let k = 1; k < parts.length; k += 2) {
    const value = vars[parts[k]];
    if (value === undefined) throw new Error(`template placeholder {${parts[k]}} has no value: ${template}`);
    out += value + parts[k + 1];
  }
  return out;
}

const hashtags = new Map<string, string>();

/** A hashtag from a skill: "Search Engine Optimization (SEO)" -> "SearchEngineOptimizationSeo". */
export function hashtag(text: string): string {
  let tag = hashtags.get(text);
  if (tag === undefined) {
    tag = toHashtag(text);
    hashtags.set(text, tag);
  }
  return tag;
}

function toHashtag(text: string): string {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}
