/**
 * Reads a CSV extract as a stream of rows (csv-parse), never holding more than a chunk of the file, and keeps
 * what is needed to tell a complete file from a cut-off one: whether it ends with a line break, whether a quote
 * was left open, whether the last row is short, and the trailer row when the mapping declares one.
 */
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { parse, type Parser } from 'csv-parse';

export interface CsvRow {
  /** 1 = the first row after the header. */
  row: number;
  /** The line of the file the row ends on (the header is line 1). */
  line: number;
  values: string[];
}

export interface CsvOptions {
  delimiter: string;
  encoding: 'utf-8' | 'windows-1252';
  trailer?: { marker: string; countColumn: number };
}

/** What the end of the file looked like, known once every row has been read. */
export interface FileEnding {
  endsWithLineBreak: boolean;
  /** The parser reached the end inside a quoted field: the last row was cut off. */
  openQuote?: { line: number };
  /** The last data row had fewer or more fields than the header. */
  lastRowFieldCount?: { row: number; fields: number };
  trailer?: { line: number; count: number | undefined; raw: string };
  /** Data rows found after the trailer row. */
  rowsAfterTrailer: number;
  blankLines: number;
}

/** The file is not CSV the parser can read (a stray quote mid-file, bytes that are not text in the encoding). */
export class CsvFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

export class CsvExtract {
  readonly header: string[];
  private readonly iterator: AsyncIterator<{ record: string[]; info: { lines: number } }>;
  private readonly decoder: DecodingStream;
  private readonly ending: FileEnding = { endsWithLineBreak: false, rowsAfterTrailer: 0, blankLines: 0 };
  private done = false;

  private constructor(header: string[], iterator: CsvExtract['iterator'], decoder: DecodingStream) {
    this.header = header;
    this.iterator = iterator;
    this.decoder = decoder;
  }

  /** Opens the file and reads its header row; undefined header when the file has no rows at all. */
  static async open(path: string, options: CsvOptions): Promise<CsvExtract | undefined> {
    const decoder = new DecodingStream(options.encoding);
    // max_record_size: a stray opening quote would otherwise make the rest of the file one value, held in memory.
    const parser: Parser = parse({ delimiter: options.delimiter, relax_column_count: true, info: true, bom: true, max_record_size: MAX_RECORD_CHARS });
    const input = createReadStream(path);
    input.on('error', (error) => parser.destroy(error));
    decoder.on('error', (error) => parser.destroy(error));
    input.pipe(decoder).pipe(parser);
    const iterator = parser[Symbol.asyncIterator]() as CsvExtract['iterator'];
    let first;
    try {
      first = await iterator.next();
    } catch (error) {
      throw toFormatError(error);
    }
    if (first.done) return undefined;
    return new CsvExtract(first.value.record.map((h) => h.trim()), iterator, decoder);
  }

  /** Data rows, in file order. Blank lines are counted, not yielded; the trailer row is kept aside. */
  async *rows(options: CsvOptions): AsyncGenerator<CsvRow> {
    if (this.done) throw new Error('The rows of this extract have already been read.');
    const width = this.header.length;
    let row = 0;
    let lastFields = width;
    let lastRow = 0;
    try {
      for (;;) {
        const next = await this.iterator.next();
        if (next.done) break;
        const { record, info } = next.value;
        row++;
        if (record.every((v) => v.trim() === '')) {
          this.ending.blankLines++;
          continue;
        }
        if (options.trailer && record[0]?.trim() === options.trailer.marker) {
          if (this.ending.trailer) this.ending.rowsAfterTrailer++;
          const raw = record[options.trailer.countColumn - 1]?.trim() ?? '';
          this.ending.trailer = { line: info.lines, count: /^\d+$/.test(raw) ? Number(raw) : undefined, raw };
          continue;
        }
        if (this.ending.trailer) this.ending.rowsAfterTrailer++;
        lastFields = record.length;
        lastRow = row;
        yield { row, line: info.lines, values: record };
      }
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'CSV_QUOTE_NOT_CLOSED') {
        this.ending.openQuote = { line: (error as { lines?: number }).lines ?? 0 };
      } else {
        throw toFormatError(error);
      }
    } finally {
      this.done = true;
    }
    if (lastRow && lastFields !== width) this.ending.lastRowFieldCount = { row: lastRow, fields: lastFields };
    this.ending.endsWithLineBreak = this.decoder.endsWithLineBreak;
  }

  /** How the file ended; complete only after `rows` has been read to the end. */
  get fileEnding(): Readonly<FileEnding> {
    return this.ending;
  }

  /** Bytes read from the file so far. */
  get bytesRead(): number {
    return this.decoder.bytes;
  }
}

/** Characters one row may hold: far beyond any real row, small enough that memory stays flat. */
const MAX_RECORD_CHARS = 1_000_000;

function toFormatError(error: unknown): Error {
  if (error instanceof CsvFormatError) return error;
  const e = error as { code?: string; message?: string; lines?: number };
  if (e.code === 'CSV_MAX_RECORD_SIZE') {
    return new CsvFormatError(
      `A row runs on for more than ${MAX_RECORD_CHARS.toLocaleString('en-GB')} characters, as far as line ${e.lines ?? '?'}: a double quote opens a value earlier and is never closed, most likely. ` +
        'Nothing was loaded. Look for a stray " before that line (or check the export\'s text qualifier setting).',
    );
  }
  if (e.code && e.code.startsWith('CSV_') || e.code === 'INVALID_OPENING_QUOTE') {
    return new CsvFormatError(
      `The file is not valid CSV at line ${e.lines ?? '?'}: ${e.message}. Rows from there on cannot be read reliably, so nothing was loaded. ` +
        'Check the export settings (text qualifier ", delimiter) or fix that line.',
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Bytes → text in the mapping's encoding. Strict: bytes that are not valid in the encoding stop the load
 * (mis-decoded names would not match anyone). Remembers whether the text ended with a line break.
 */
class DecodingStream extends Transform {
  bytes = 0;
  endsWithLineBreak = false;
  private readonly decoder: TextDecoder;

  constructor(private readonly encoding: 'utf-8' | 'windows-1252') {
    super({ decodeStrings: true, readableObjectMode: false });
    this.decoder = new TextDecoder(encoding, { fatal: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    try {
      const text = this.decoder.decode(chunk, { stream: true });
      this.bytes += chunk.length;
      this.remember(text);
      callback(null, text);
    } catch {
      callback(this.decodeError());
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      const text = this.decoder.decode();
      this.remember(text);
      callback(null, text || undefined);
    } catch {
      callback(this.decodeError());
    }
  }

  private remember(text: string): void {
    if (text.length) this.endsWithLineBreak = text.endsWith('\n') || text.endsWith('\r');
  }

  private decodeError(): CsvFormatError {
    const hint =
      this.encoding === 'utf-8'
        ? 'If the extract tool writes Windows (ANSI) text, set "file": { "encoding": "windows-1252" } in the mapping.'
        : 'Check the encoding the extract tool writes, and set "file": { "encoding": ... } in the mapping to match.';
    return new CsvFormatError(`The file is not valid ${this.encoding} text (near byte ${this.bytes}), so nothing was loaded. ${hint}`);
  }
}
