/** True when objects and arrays inside `value` nest more than `max` levels (`value` itself is level 1). Iterative. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  if (!value || typeof value !== 'object') return false;
  const stack: Array<[object, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (depth > max) return true;
    for (const item of Object.values(v)) if (item && typeof item === 'object') stack.push([item, depth + 1]);
  }
  return false;
}
