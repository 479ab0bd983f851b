// The label's HTML as rich-text can show it. rich-text renders a whitelist of
// tags and prints the text of the rest, so a whole label document would show its
// CSS and title as text: keep the body's content, without script, style or title
// blocks (or, without a body, the whole text minus its head).
//
// A label comes from the carrier through the function (up to about 1 MB), so this
// runs in linear time on any text. Regular expressions such as
// /<body\b[^>]*>([\s\S]*)<\/body\s*>/ rescan the rest of the text from every
// `<body` when no `</body>` follows (seconds to minutes on a few hundred KB), so
// each search here starts where the last one stopped, and an opening tag whose
// close cannot follow is never tried again.

/** Counts the characters the searches pass over, so a test can prove the work grows linearly with the label. */
export interface ScanMeter {
  scanned: number;
}

/** `pattern` (global) from `from` on; the meter counts every character up to the end of the match, or of the text. */
function search(text: string, pattern: RegExp, from: number, meter: ScanMeter | undefined): RegExpExecArray | null {
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  if (meter !== undefined) meter.scanned += (match === null ? text.length : match.index + match[0].length) - from;
  return match;
}

const TAG_END = />/g;
const BODY_OPEN = /<body\b/gi;
const BODY_CLOSE = /<\/body\s*>/gi;
const HEAD_OPEN = /<head\b/gi;
const INERT_OPEN = /<(script|style|title)\b/gi;
const CLOSE: Readonly<Record<string, RegExp>> = {
  head: /<\/head\s*>/gi,
  script: /<\/script\s*>/gi,
  style: /<\/style\s*>/gi,
  title: /<\/title\s*>/gi,
};

/**
 * The body's content: from the end of the first `<body ...>` tag to the last `</body>`,
 * or null when there is none. A later `<body` cannot do better than the first: its tag
 * ends no earlier, so no `</body>` can follow it that does not follow the first.
 */
function bodyContent(html: string, meter: ScanMeter | undefined): string | null {
  const open = search(html, BODY_OPEN, 0, meter);
  if (open === null) return null;
  const tagEnd = search(html, TAG_END, open.index + open[0].length, meter);
  if (tagEnd === null) return null;
  const start = tagEnd.index + 1;
  let end = -1;
  for (let close = search(html, BODY_CLOSE, start, meter); close !== null; close = search(html, BODY_CLOSE, BODY_CLOSE.lastIndex, meter)) {
    end = close.index;
  }
  return end < 0 ? null : html.slice(start, end);
}

/**
 * Removes each `<name ...>` ... `</name>` block (the nearest close after the opening
 * tag), left to right, as a global replace would. Once an opening of a name finds no
 * tag end or no close, no later opening of that name can, so the name is not tried again.
 */
function withoutBlocks(html: string, opening: RegExp, meter: ScanMeter | undefined): string {
  const hopeless = new Set<string>();
  let kept = '';
  let copiedTo = 0;
  let from = 0;
  for (let open = search(html, opening, from, meter); open !== null; open = search(html, opening, from, meter)) {
    const name = open[0].slice(1).toLowerCase(); // the match is `<` and the name
    from = open.index + open[0].length;
    if (hopeless.has(name)) continue;
    const tagEnd = search(html, TAG_END, from, meter);
    if (tagEnd === null) break; // no tag of any name can end any more
    const close = search(html, CLOSE[name], tagEnd.index + 1, meter);
    if (close === null) {
      hopeless.add(name);
      continue;
    }
    kept += html.slice(copiedTo, open.index);
    copiedTo = close.index + close[0].length;
    from = copiedTo;
  }
  return kept + html.slice(copiedTo);
}

/** The label for a rich-text node: the body's content without script, style or title blocks. */
export function labelForRichText(html: string, meter?: ScanMeter): string {
  const content = bodyContent(html, meter) ?? withoutBlocks(html, HEAD_OPEN, meter);
  return withoutBlocks(content, INERT_OPEN, meter).trim();
}
