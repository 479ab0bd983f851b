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
// On Node 18.14+ (the runtimes that have buffer.isUtf8) ICU's transcode to UTF-16 builds the
// same string several times faster than V8's UTF-8 decoder does from text with Chinese in it,
// which labels have. On the older cloud runtimes (12, 16) it is no faster than a fatal decode.
const icuIsFaster = typeof (buffer as { isUtf8?: unknown }).isUtf8 === 'function';

/** The bytes as text, or null when they are not UTF-8. */
function utf8Text(bytes: Buffer): string | null {
  try {
    // Both refuse (throw on) any byte sequence that is not UTF-8, so each checks as it decodes
    // (property tests in test/function/decodeLabel.test.ts): a separate isUtf8 pass cost as much again.
    return icuIsFaster ? buffer.transcode(bytes, 'utf8', 'utf16le').toString('utf16le') : strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

export type DecodedLabel = { html: string; bytes: number } | { html: null; reason: 'absent' | 'invalid' | 'tooLarge' };

function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

// The label's bytes are needed only until its text is made, within one synchronous decodeLabel: one
// buffer per instance, grown to the largest label yet (at most the result cap, about 1 MB), holds
// them, so a call does not allocate them again (npm run bench, Label size: the memory a call adds).
let scratch = Buffer.alloc(0);

function base64Bytes(base64: string): Buffer {
  if (scratch.length < (base64.length / 4) * 3) scratch = Buffer.allocUnsafe((base64.length / 4) * 3);
  return scratch.subarray(0, scratch.write(base64, 'base64'));
}

/** Decodes print_html, refusing without decoding a label whose HTML would exceed maxBytes. */
export function decodeLabel(printHtml: unknown, maxBytes: number): DecodedLabel {
  if (printHtml === undefined || printHtml === null || printHtml === '') return { html: null, reason: 'absent' };
  if (typeof printHtml !== 'string') return { html: null, reason: 'invalid' };
  const base64 = printHtml.includes('\n') || printHtml.includes('\r') ? printHtml.replace(LINE_BREAKS, '') : printHtml;
  if (Math.floor((base64.length * 3) / 4) > maxBytes) return { html: null, reason: 'tooLarge' };
  if (base64.length % 4 !== 0) return { html: null, reason: 'invalid' };
  const bytes = base64Bytes(base64);
  // The label holds names, phones and addresses: its bytes do not stay in the instance's buffer after this call.
  const html = bytes.length === decodedLength(base64) ? utf8Text(bytes) : null;
  const length = bytes.length;
  bytes.fill(0);
  if (html === null) return { html: null, reason: 'invalid' };
  return html === '' ? { html: null, reason: 'absent' } : { html, bytes: length };
}
