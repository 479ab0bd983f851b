// print_html is BASE64 of the label page's UTF-8 HTML. Node's decoder silently
// skips what is not BASE64, so a corrupted label would come out shorter than
// its text promises: comparing the two lengths finds the corruption in the same
// native pass that decodes it (a separate regex scan cost more than the decode).
// Node's decoder also takes the URL-safe alphabet (- and _); that is still the
// same label, so it is accepted.

import * as buffer from 'buffer';

const LINE_BREAKS = /[\r\n]/g; // MIME-style wrapped BASE64 is still BASE64
// ignoreBOM keeps a leading BOM in the text, as Buffer#toString does on the newer runtimes.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// Node 18.14+ checks UTF-8 natively; the older cloud runtimes (12, 16) lack it,
// and there a fatal decode, which checks as it decodes, is the fastest way.
const isUtf8: ((bytes: Uint8Array) => boolean) | undefined = (buffer as { isUtf8?: (bytes: Uint8Array) => boolean }).isUtf8;

/** The bytes as text, or null when they are not UTF-8. */
function utf8Text(bytes: Buffer): string | null {
  // ICU's transcode to UTF-16 builds the same string several times faster than
  // V8's UTF-8 decoder does from text with Chinese in it, which labels have.
  if (isUtf8 !== undefined) return isUtf8(bytes) ? buffer.transcode(bytes, 'utf8', 'utf16le').toString('utf16le') : null;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

export type DecodedLabel = { html: string; bytes: number } | { html: null; reason: 'absent' | 'invalid' | 'tooLarge' };

function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

/** Decodes print_html, refusing without decoding a label whose HTML would exceed maxBytes. */
export function decodeLabel(printHtml: unknown, maxBytes: number): DecodedLabel {
  if (printHtml === undefined || printHtml === null || printHtml === '') return { html: null, reason: 'absent' };
  if (typeof printHtml !== 'string') return { html: null, reason: 'invalid' };
  const base64 = printHtml.includes('\n') || printHtml.includes('\r') ? printHtml.replace(LINE_BREAKS, '') : printHtml;
  if (Math.floor((base64.length * 3) / 4) > maxBytes) return { html: null, reason: 'tooLarge' };
  if (base64.length % 4 !== 0) return { html: null, reason: 'invalid' };
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== decodedLength(base64)) return { html: null, reason: 'invalid' };
  const html = utf8Text(bytes);
  if (html === null) return { html: null, reason: 'invalid' };
  return html === '' ? { html: null, reason: 'absent' } : { html, bytes: bytes.length };
}
