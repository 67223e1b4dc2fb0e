// Progress lines while a run goes, and the final table.

const started = Date.now();

/** One progress line on stderr, prefixed with the elapsed time of the run. */
export function progress(message: string): void {
  const s = Math.round((Date.now() - started) / 1000);
  process.stderr.write(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${message}\n`);
}

export interface Row {
  figure: string;
  dialect: string;
  value: string;
  detail: string;
  target: string;
  /** true met, false missed, null no target or not measurable. */
  met: boolean | null;
}

export const rows: Row[] = [];

export function record(row: Row): void {
  rows.push(row);
  const mark = row.met === null ? '' : row.met ? ' (met)' : ' (MISSED)';
  progress(`  => ${row.figure} [${row.dialect}]: ${row.value}${mark}  ${row.detail}`);
}

export function table(): string {
  const head = ['#', 'Figure', 'Database', 'Measured', 'Detail', 'Target', 'Met'];
  const body = rows.map((r) => [r.figure.split(' ')[0], r.figure.split(' ').slice(1).join(' '), r.dialect, r.value, r.detail, r.target, r.met === null ? '-' : r.met ? 'met' : 'MISSED']);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}

export const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1)) + ' ms';
export const perSec = (v: number) => `${Math.round(v).toLocaleString('en-US')}/s`;
