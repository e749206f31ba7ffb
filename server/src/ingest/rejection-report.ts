/**
 * The rejection report: one CSV line per problem (row, line, column, value, problem, outcome), written as the
 * extract is read so it never holds more than a line. It repeats values from the extract, so it holds personal
 * data: keep it with the extract and delete it with it.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { RowProblem } from './row-mapper.js';

export const REPORT_HEADER = ['row', 'line', 'column', 'value', 'problem', 'outcome'] as const;

export type Outcome = 'row rejected' | 'value left out' | 'file problem';

export class RejectionReport {
  private readonly out: WriteStream;
  private failed: Error | undefined;
  lines = 0;

  constructor(readonly path: string) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
    this.out.on('error', (error) => {
      this.failed = error;
    });
    this.out.write(REPORT_HEADER.join(',') + '\r\n');
  }

  async add(row: number | '', line: number | '', problem: RowProblem, outcome: Outcome): Promise<void> {
    if (this.failed) throw new Error(`The rejection report ${this.path} could not be written: ${this.failed.message}`);
    const ok = this.out.write([String(row), String(line), problem.column, problem.value, problem.reason, outcome].map(csvCell).join(',') + '\r\n');
    this.lines++;
    if (!ok) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    const unwritable = (cause: Error) => new Error(`The rejection report ${this.path} could not be written: ${cause.message}`, { cause });
    if (this.failed) throw unwritable(this.failed);
    await new Promise<void>((resolve, reject) => this.out.end((error?: Error | null) => (error ? reject(unwritable(this.failed ?? error)) : resolve())));
    if (this.failed) throw unwritable(this.failed);
  }
}

/**
 * Quotes a cell when needed, and defuses values a spreadsheet would run as a formula (a leading = + - @, tab or
 * carriage return gets a leading apostrophe), since the report is likely to be opened in Excel.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
