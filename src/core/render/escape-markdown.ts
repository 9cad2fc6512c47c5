/**
 * The one place where user-controlled text (item text, file names, excerpts, rule messages,
 * command arguments) is made safe for GitHub markdown: comments, check-run summaries and
 * annotations. Whatever the input, the output has no live `@user`/`@org/team` mention, no raw
 * HTML, no way out of its code span or table cell, and no copy of the App's hidden markers.
 * Every function runs in linear time and caps its input first.
 */

/** Caps for text that reaches a report, so a single field cannot crowd out the verdict. */
export const TEXT_CAPS = {
  title: 200,
  item: 300,
  message: 500,
  excerpt: 200,
  path: 300,
  reason: 500,
} as const;

/** Invisible joiner: `@\u200Duser` renders as `@user` but mentions nobody. */
const ZWJ = '\u200D';
/** Breaks `<!--` so that no user text can carry (or fake) a hidden marker. */
const MARKER_OPEN = /<!--/g;
const MARKER_BROKEN = `<!${ZWJ}--`;

/** Cuts text to `max` characters (code points are kept whole), ending with `…` when cut. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  // Never split a surrogate pair.
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * One line: newlines and other control characters become spaces, and bidirectional overrides
 * (which can make `evil.ts` display as something else: "Trojan Source") become `�`.
 */
function oneLine(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
      .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\uFFFD')
  );
}

/** `@name` → `@\u200Dname`: GitHub sends no notification for it. */
export function neutralizeMentions(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9_-])/g, `@${ZWJ}`);
}

/** `<!--` → `<!\u200D--`: a hidden marker can only come from the renderer itself. */
export function breakMarkers(text: string): string {
  return text.replace(MARKER_OPEN, MARKER_BROKEN);
}

// `_` only at a word boundary (`ACTION_PLAN.md` stays as written); `!` and `#` are inert once
// `[` and line starts are escaped.
const INLINE_SPECIAL = /[\\`*[\]<>|~&$]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;
const ENTITY: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/**
 * User text as inline markdown that renders exactly as written: one line, capped, markdown
 * punctuation escaped, HTML turned into entities, mentions neutralised. Safe in a table cell.
 */
export function escapeInline(text: string, max: number = TEXT_CAPS.message): string {
  const escaped = oneLine(capText(text, max)).replace(
    INLINE_SPECIAL,
    (char) => ENTITY[char] ?? `\\${char}`,
  );
  // A leading `-`, `+`, `=`, `#` or `1.` could start a block when the text opens a line.
  return neutralizeMentions(escaped.replace(/^(\s*)([-+=#]|\d+[.)])/, '$1\\$2'));
}

/**
 * User text as a code span whose fence is longer than any backtick run inside, so nothing
 * can close it early. In a table cell (`inTable`) pipes are escaped too, as GFM requires.
 */
export function codeSpan(text: string, options: { max?: number; inTable?: boolean } = {}): string {
  let body = breakMarkers(oneLine(capText(text, options.max ?? TEXT_CAPS.path)));
  if (options.inTable) body = body.replace(/\|/g, '\\|');
  let longest = 0;
  let run = 0;
  for (const char of body) {
    run = char === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(longest + 1);
  // A space keeps a leading or trailing backtick from joining the fence; CommonMark strips it.
  const pad =
    body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' '))
      ? ' '
      : '';
  return body === '' ? '` `' : `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * Text written by the gate itself that may hold user text in backticks (reasons, config error
 * messages): each backtick pair becomes a safe code span, everything else is escaped.
 */
export function escapeWithCode(text: string, max: number = TEXT_CAPS.message): string {
  const parts = oneLine(capText(text, max)).split('`');
  // An odd number of backticks leaves the last one unpaired: it is escaped as text.
  if (parts.length % 2 === 0) parts[parts.length - 2] += `\`${parts.pop() ?? ''}`;
  return parts
    .map((part, index) =>
      index % 2 === 1 ? codeSpan(part, { max, inTable: true }) : escapeInline(part, max),
    )
    .join('');
}

/** A link target for a path: every character that could end the link is percent-encoded. */
export function encodePathForUrl(path: string): string {
  return encodeURI(path).replace(
    /[()[\]'!*#?]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Plain text for a check-run annotation (title or message, shown as text, not markdown):
 * capped, with mentions and markers neutralised. Newlines are kept.
 */
export function escapeAnnotation(text: string, max: number): string {
  return neutralizeMentions(
    breakMarkers(capText(text, max)).replace(
      /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
      '\uFFFD',
    ),
  );
}

/** A GitHub login, as a mention only when it is a real login; anything else is escaped. */
export function mentionLogin(login: string): string {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/.test(login)
    ? `@${login}`
    : escapeInline(login, 60);
}

/** Marks text as the App's own markdown in `renderSafeReply` (never user input). */
export interface TrustedMarkdown {
  readonly trusted: string;
}
/** Marks user text that should show as code in `renderSafeReply`. */
export interface CodeText {
  readonly code: string;
}
/** Marks a login that the reply addresses (a real mention when it is a valid login). */
export interface MentionText {
  readonly mention: string;
}

export const trusted = (markdown: string): TrustedMarkdown => ({ trusted: markdown });
export const code = (text: string): CodeText => ({ code: text });
export const mention = (login: string): MentionText => ({ mention: login });

export type ReplyValue = string | number | TrustedMarkdown | CodeText | MentionText;

/** GitHub's limit on a comment body. */
export const COMMENT_LIMIT = 65_536;

/**
 * A reply whose every interpolated value is escaped, so the App never echoes user text
 * verbatim: `renderSafeReply\`I don't know ${code(command.text)}.\``. Strings are escaped as
 * inline text, `code()` becomes a safe code span, `mention()` a mention only of a valid login,
 * `trusted()` is the App's own markdown. The result never carries a hidden marker.
 */
export function renderSafeReply(strings: TemplateStringsArray, ...values: ReplyValue[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    if (typeof value === 'number') out += String(value);
    else if (typeof value === 'string') out += escapeInline(value, TEXT_CAPS.reason);
    else if ('trusted' in value) out += value.trusted;
    else if ('code' in value) out += codeSpan(value.code, { max: TEXT_CAPS.message });
    else out += mentionLogin(value.mention);
    out += strings[index + 1] ?? '';
  });
  return capText(breakMarkers(out), COMMENT_LIMIT);
}

/**
 * User text for a terminal: control characters (ANSI escape sequences that could rewrite the
 * screen, hide a line or set the title) become `�`. Newlines too: one field, one line.
 */
export function escapeTerminal(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    '\uFFFD',
  );
}
