import type { FastifyError } from 'fastify';
import type { FieldProblem } from './errors.ts';

type ValidationItem = NonNullable<FastifyError['validation']>[number];

/**
 * Turns Ajv's validation errors into our field problems and one readable message.
 *
 * An `anyOf` whose branches are each a `required` list fails with one `required` error per branch
 * plus the `anyOf` itself; whatever the operation, the message says "give profile_id or thread_id"
 * and each alternative keeps its own entry in `details`.
 *
 * A nullable value (`anyOf: [schema, null]`) that fails its schema also fails "must be null" and the
 * `anyOf`; those two say nothing the schema's own error does not, so only the schema's error is kept
 * ("budgets.invitations.daily must be >= 0", not three clauses per level).
 */
export function validationProblems(err: FastifyError): { details: FieldProblem[]; message: string } {
  const items = err.validation ?? [];
  // First pass: which anyOf errors are "one of these fields is required", and their branch errors.
  const folded = new Set<ValidationItem>();
  const alternativesOf = new Map<ValidationItem, string[]>();
  for (const v of items) {
    if (v.keyword !== 'anyOf') continue;
    const branches = items.filter((b) => b !== v && b.instancePath === v.instancePath && b.schemaPath.startsWith(`${v.schemaPath}/`));
    const nullBranch = branches.find((b) => b.keyword === 'type' && (b.params as Record<string, unknown>).type === 'null');
    if (nullBranch && items.some((b) => b !== v && b !== nullBranch && b.schemaPath.startsWith(`${v.schemaPath}/`))) {
      folded.add(nullBranch);
      folded.add(v);
      continue;
    }
    const names = branches.map((b) => (b.params as Record<string, unknown>).missingProperty);
    if (branches.length === 0 || !branches.every((b) => b.keyword === 'required') || !names.every((n) => typeof n === 'string')) continue;
    for (const b of branches) folded.add(b);
    alternativesOf.set(v, [...new Set(names as string[])]);
  }
  const details: FieldProblem[] = [];
  const parts: string[] = [];
  for (const v of items) {
    if (folded.has(v)) continue;
    const names = alternativesOf.get(v);
    if (names) {
      // One entry per alternative, so a client can still mark each field; one phrase in the message.
      const base = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      for (const n of names) details.push({ field: base ? `${base}.${n}` : n, problem: `is required unless ${names.filter((o) => o !== n).join(' or ')} is given` });
      parts.push(`${base ? `${base}: ` : ''}give ${alternatives(names)}`);
    } else {
      const d = problemOf(err, v);
      details.push(d);
      parts.push(`${d.field} ${d.problem}`);
    }
  }
  return { details, message: `Invalid request: ${parts.join('; ')}.` };
}

function problemOf(err: FastifyError, v: ValidationItem): FieldProblem {
  const params = v.params as Record<string, unknown>;
  if (typeof params.missingProperty === 'string') {
    const base = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    return { field: base ? `${base}.${params.missingProperty}` : params.missingProperty, problem: 'is required' };
  }
  return { field: fieldOf(err, v.instancePath), problem: v.message ?? 'is not valid' };
}

function fieldOf(err: FastifyError, instancePath: string): string {
  const base = instancePath.replace(/^\//, '').replace(/\//g, '.');
  return err.validationContext === 'body' ? base || 'body' : `${err.validationContext}${base ? '.' + base : ''}`;
}

/** "a or b", "a, b or c". */
function alternatives(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
