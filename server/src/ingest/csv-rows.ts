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

/**
 * The mapping's encoding cannot be right for this file (a UTF-8 byte order mark with "windows-1252"): a mapping
 * problem, found before any row is read.
 */
export class WrongEncodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WrongEncodingError';
  }
}

export class CsvExtract {
  readonly header: string[];
  private readonly path: string;
  private readonly iterator: AsyncIterator<{ record: string[]; info: { lines: number } }>;
  private readonly decoder: DecodingStream;
  private readonly ending: FileEnding = { endsWithLineBreak: false, rowsAfterTrailer: 0, blankLines: 0 };
  private done = false;

  private constructor(path: string, header: string[], iterator: CsvExtract['iterator'], decoder: DecodingStream) {
    this.path = path;
    this.header = header;
    this.iterator = iterator;
    this.decoder = decoder;
  }

  /**
   * Opens the file and reads its header row; undefined header when the file has no rows at all. `columns`: the
   * column names the mapping reads. A message about the first line names only those: until the header has been
   * checked against the mapping, the first line may be a data row (an extract exported without its header).
   */
  static async open(path: string, options: CsvOptions, columns?: ReadonlySet<string>): Promise<CsvExtract | undefined> {
    const decoder = new DecodingStream(options.encoding);
    // max_record_size: a stray opening quote would otherwise make the rest of the file one value, held in memory.
    // record_delimiter: rows may end CRLF (Windows), LF or CR, mixed in one file (an extract appended to on another
    // system, a transfer that changed some line ends): csv-parse otherwise takes the first line's ending for every
    // row, and reads the others' as part of a value (two rows merged) or as text after a closing quote.
    const parser: Parser = parse({
      delimiter: options.delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      info: true,
      bom: true,
      max_record_size: MAX_RECORD_CHARS,
    });
    const input = createReadStream(path);
    input.on('error', (error) => parser.destroy(error));
    decoder.on('error', (error) => {
      input.destroy();
      parser.destroy(error);
    });
    input.pipe(decoder).pipe(parser);
    const iterator = parser[Symbol.asyncIterator]() as CsvExtract['iterator'];
    let first;
    try {
      first = await iterator.next();
    } catch (error) {
      throw await toFormatError(error, path, options, undefined, columns);
    }
    if (first.done) return undefined;
    return new CsvExtract(path, first.value.record.map((h) => h.trim()), iterator, decoder);
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
        throw await toFormatError(error, this.path, options, this.header);
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
/** How far to read for the header's names when a message needs them and the parser has not handed them over. */
const FIRST_LINE_BYTES = 65_536;

/**
 * The parser's error as a CsvFormatError: the line, the field, the kind of problem and what to do, never a value.
 * `header` is given once the header has been checked against the mapping (its names are column names); before
 * that, `columns` (the names the mapping reads) are the only names that may be shown.
 */
async function toFormatError(error: unknown, path: string, options: CsvOptions, header?: string[], columns?: ReadonlySet<string>): Promise<Error> {
  if (error instanceof CsvFormatError) return error;
  if (error instanceof NotTextError) return notTextError(error, path, options, header, columns);
  const e = error as CsvParseError;
  if (e.code === 'CSV_MAX_RECORD_SIZE') {
    return new CsvFormatError(
      `A row runs on for more than ${MAX_RECORD_CHARS.toLocaleString('en-GB')} characters, as far as line ${e.lines ?? '?'}: a double quote opens a value earlier and is never closed, most likely. ` +
        'Nothing was loaded. Look for a stray " before that line (or check the export\'s text qualifier setting).',
    );
  }
  if ((e.code && e.code.startsWith('CSV_')) || e.code === 'INVALID_OPENING_QUOTE') {
    const field = typeof e.column === 'number' && e.code === 'INVALID_OPENING_QUOTE' ? e.column : undefined;
    let names = header;
    if (!names && columns && field !== undefined && (e.lines ?? 0) > 1) {
      // Stopped while the header was still being read (a small file is parsed in one go): the first line read again
      // names the column, if the name is one the mapping reads (that line may be a data row).
      const first = await locate(path, FIRST_LINE_BYTES, options).catch(() => undefined);
      names = first?.header.map((n) => (columns.has(n) ? n : ''));
    }
    const name = field === undefined ? undefined : names?.[field] || undefined;
    const where = field === undefined ? '' : name ? ` (column "${name}")` : ` (field ${field + 1})`;
    return new CsvFormatError(
      `The file is not valid CSV at line ${e.lines ?? '?'}${where}: ${csvParseProblem(e)}. Rows from there on cannot be read reliably, so nothing was loaded. ` +
        'Check the export settings (text qualifier ", delimiter) or fix that line.',
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** What csv-parse's errors carry (CsvError): `code`, the line it reached, the field index. */
export interface CsvParseError {
  code?: string;
  message?: string;
  lines?: number;
  column?: number | string;
}

/**
 * The kind of problem csv-parse found, without the data: its own messages quote the file (`value is "Har"`,
 * `got "t"`), and the ingest command's output ends up in logs kept for months.
 */
export function csvParseProblem(e: CsvParseError): string {
  switch (e.code) {
    case 'INVALID_OPENING_QUOTE':
      return 'a double quote in the middle of a value that does not begin with one (a value holding a quote must be quoted whole, with the quote doubled: "")';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a quoted value goes on after its closing quote (a quote inside a quoted value must be doubled: "", or a quote opened earlier was never closed)';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a double quote opens a value and is never closed';
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return 'the row has a different number of fields from the header';
    default: {
      // A message this code does not know: its kind ("Invalid Closing Quote: ..."), with anything quoted taken out.
      const message = (e.message ?? 'unreadable CSV')
        .replace(/,?\s*value is "(?:[^"\\]|\\.)*"/g, '')
        .replace(/"(?:[^"\\]|\\.)*"/g, '(a value)')
        .replace(/\s*\.$/, '');
      return `${message} (${e.code ?? 'csv-parse'})`;
    }
  }
}

/** Bytes that are not text in the encoding, at `offset` in the file (turned into a CsvFormatError saying where). */
class NotTextError extends Error {
  constructor(
    readonly encoding: CsvOptions['encoding'],
    readonly offset: number,
  ) {
    super(`The file is not valid ${encoding} text at byte ${offset}.`);
    this.name = 'NotTextError';
  }
}

/**
 * The message for bytes that are not text: the line of the file (the header is line 1), the row (as the rejection
 * report numbers rows: 1 = the first after the header) and the column they are in, never the value. Found by reading
 * the file again up to that byte, so reading a good file costs nothing extra.
 */
async function notTextError(error: NotTextError, path: string, options: CsvOptions, header: string[] | undefined, columns?: ReadonlySet<string>): Promise<CsvFormatError> {
  const hint =
    options.encoding === 'utf-8'
      ? 'Re-save the extract as UTF-8 (in Excel: "CSV UTF-8"), or, if the extract tool writes Windows (ANSI) text, set "file": { "encoding": "windows-1252" } in the mapping.'
      : 'Check the encoding the extract tool writes, and set "file": { "encoding": ... } in the mapping to match.';
  let where: string;
  try {
    const at = await locate(path, error.offset, options);
    // The header is not read yet when the bad byte is in the file's first chunk: the header row read again names it,
    // if the name is one the mapping reads (the first line may be a data row: its cells are never shown).
    const name = header ? header[at.field] : [at.header[at.field]].find((n) => n !== undefined && columns?.has(n));
    const column = name ? `column "${name}"` : `field ${at.field + 1}`;
    where = at.row === 0 ? `on line ${at.line} (the header row)` : `on line ${at.line} (row ${at.row}, ${column})`;
  } catch {
    where = `at byte ${fmt(error.offset)} of the file`;
  }
  return new CsvFormatError(`The file is not valid ${options.encoding} text ${where}, so nothing was loaded. ${hint}`);
}

/**
 * Where byte `offset` of the file is: its line (line breaks before it, plus one), its row (line breaks outside
 * quoted values: the header is row 0) and its field in that row (delimiters outside quoted values since the row
 * began); and the header's column names, when the header row ends before it.
 */
async function locate(path: string, offset: number, options: CsvOptions): Promise<{ line: number; row: number; field: number; header: string[] }> {
  const delimiter = options.delimiter.charCodeAt(0);
  let line = 1;
  let row = 0;
  let field = 0;
  let quoted = false;
  const header: string[] = [];
  let name = '';
  const scan = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) quoted = !quoted;
      else if (c === LINE_FEED) {
        line++;
        if (!quoted) {
          if (row === 0) header.push(name.trim());
          row++;
          field = 0;
        } else if (row === 0) name += text[i];
      } else if (c === delimiter && !quoted) {
        if (row === 0) header.push(name.trim());
        name = '';
        field++;
      } else if (row === 0) name += text[i];
    }
  };
  // Every byte before `offset` decoded without error on the first reading.
  const decoder = new TextDecoder(options.encoding);
  if (offset > 0) for await (const chunk of createReadStream(path, { start: 0, end: offset - 1 })) scan(decoder.decode(chunk as Buffer, { stream: true }));
  return { line, row, field, header: row > 0 ? header : [] };
}

const QUOTE = 0x22;
const LINE_FEED = 0x0a;

function fmt(n: number): string {
  return n.toLocaleString('en-GB');
}

/**
 * Bytes → text in the mapping's encoding. Strict: bytes that are not valid in the encoding stop the load
 * (mis-decoded names would not match anyone), naming the first bad byte's place in the file. Remembers whether
 * the text ended with a line break.
 */
class DecodingStream extends Transform {
  /** Bytes of the file decoded so far. */
  bytes = 0;
  endsWithLineBreak = false;
  private readonly decoder: TextDecoder;
  /** UTF-8: the bytes at the end of what was decoded that begin a character not yet complete. */
  private carry: Buffer = EMPTY;

  constructor(private readonly encoding: 'utf-8' | 'windows-1252') {
    super({ decodeStrings: true, readableObjectMode: false });
    this.decoder = new TextDecoder(encoding, { fatal: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    if (this.bytes === 0 && this.encoding !== 'utf-8' && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      callback(
        new WrongEncodingError(
          `The file starts with a UTF-8 byte order mark, so it is UTF-8 text, but the mapping says "file": { "encoding": "${this.encoding}" } ` +
            '(read that way, every accented letter would be wrong). Set "file": { "encoding": "utf-8" } in the mapping, or leave "encoding" out ' +
            '(UTF-8 is the default), and run again. No rows were read and nothing was changed.',
        ),
      );
      return;
    }
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      callback(new NotTextError(this.encoding, this.badByte(chunk)));
      return;
    }
    if (this.encoding === 'utf-8') this.carry = incompleteCharacter(chunk.length >= 3 ? chunk : Buffer.concat([this.carry, chunk]));
    this.bytes += chunk.length;
    this.remember(text);
    callback(null, text);
  }

  override _flush(callback: TransformCallback): void {
    try {
      const text = this.decoder.decode();
      this.remember(text);
      callback(null, text || undefined);
    } catch {
      // The file ends part-way through a character: the bad bytes are that character's.
      callback(new NotTextError(this.encoding, this.bytes - this.carry.length));
    }
  }

  private remember(text: string): void {
    if (text.length) this.endsWithLineBreak = text.endsWith('\n') || text.endsWith('\r');
  }

  /**
   * The file offset of the byte in `chunk` at which decoding fails: the shortest prefix (after the character the
   * previous chunk left incomplete) that a fresh decoder rejects ends with it.
   */
  private badByte(chunk: Buffer): number {
    const input = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const decodes = (length: number) => {
      try {
        new TextDecoder(this.encoding, { fatal: true }).decode(input.subarray(0, length), { stream: true });
        return true;
      } catch {
        return false;
      }
    };
    let good = 0;
    let bad = input.length;
    while (bad - good > 1) {
      const mid = (good + bad) >>> 1;
      if (decodes(mid)) good = mid;
      else bad = mid;
    }
    return this.bytes - this.carry.length + bad - 1;
  }
}

/** UTF-8: the last bytes of `bytes` that start a character not complete yet (none when the last character is). */
function incompleteCharacter(bytes: Buffer): Buffer {
  for (let i = 1; i <= Math.min(3, bytes.length); i++) {
    const b = bytes[bytes.length - i]!;
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > i ? Buffer.from(bytes.subarray(bytes.length - i)) : EMPTY;
  }
  return EMPTY;
}

const EMPTY = Buffer.alloc(0);
