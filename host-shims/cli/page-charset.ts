/**
 * A saved page's bytes as the browser would read them: the character set from a byte-order mark, else from
 * the page's own <meta charset> or <meta http-equiv="Content-Type" content="...; charset=...">, else UTF-8.
 * A page saved from an older CMS in windows-1252 then reads "Zoë Bhriain", not "Zo� Bhriain".
 */

export function declaredCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  // The browser looks in the first 1024 bytes; any ASCII-compatible encoding reads the same there.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return meta?.[1]?.toLowerCase();
}

/** The page's text, decoded in its declared character set (UTF-8 when none, or when the name is unknown). */
export function decodePage(bytes: Uint8Array): { text: string; charset: string } {
  const declared = declaredCharset(bytes);
  if (declared) {
    try {
      return { text: new TextDecoder(declared).decode(bytes), charset: declared };
    } catch {
      // An encoding name the platform does not know: read as UTF-8, as a browser falls back.
    }
  }
  return { text: new TextDecoder('utf-8').decode(bytes), charset: 'utf-8' };
}
