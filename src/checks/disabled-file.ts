import { MAX_LINE } from '../core/rules/find-secrets.js';
import type { RawFinding } from '../core/rules/rule-types.js';
import { createCheck } from './create-check.js';

export interface DisabledFileOptions {
  suffixes?: string[];
  /** Check `enabled: true → false` style flips in YAML, JSON and env files. */
  flags?: boolean;
}

const ON = /^(?:true|yes|on|1|"true"|'true')$/i;
const OFF = /^(?:false|no|off|0|"false"|'false')$/i;
// `key: value` with an optional trailing comment. Each part is a sticky pattern whose run ends
// where the next part's first character must begin, so nothing backtracks on a long line.
const FLAG_KEY = /\s*["']?([\w.-]+)["']?\s*[:=]\s*([^\s,#]+)[\s,]*/y;
const FLAG_COMMENT = /#.*$/y;
// Keys that switch a service or feature; every other boolean is configuration, not a switch.
const SWITCH_ON = new Set(['enabled', 'enable', 'active', 'activated', 'on']);
const SWITCH_OFF = new Set(['disabled', 'disable', 'inactive', 'deactivated', 'off']);
const FLAG_FILE =
  /(?:^|\/)(?:feature[-_]?(?:flags?|toggles?)|flags|toggles|features)(?:[./][\w.-]*)?\.(?:json|ya?ml|toml|env|properties)$|(?:^|\/)(?:feature[-_]?flags|flags|toggles)\//i;

/** `on` when turning the key false switches something off, `off` when turning it true does. */
/** What `^\s*["']?([\w.-]{1,120})["']?\s*[:=]\s*([^\s,#]{1,40})[\s,]*(?:#.*)?$` captures. */
function readFlag(line: string): { key: string; value: string } | null {
  FLAG_KEY.lastIndex = 0;
  const match = FLAG_KEY.exec(line);
  if (!match) return null;
  const key = match[1] as string;
  const value = match[2] as string;
  if (key.length > 120 || value.length > 40) return null;
  if (FLAG_KEY.lastIndex < line.length) {
    FLAG_COMMENT.lastIndex = FLAG_KEY.lastIndex;
    if (!FLAG_COMMENT.test(line)) return null;
  }
  return { key, value };
}

function switchOf(key: string, flagFile: boolean): 'on' | 'off' | null {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words.at(-1) ?? '';
  if (SWITCH_OFF.has(last)) return 'off';
  if (SWITCH_ON.has(last) && (last !== 'on' || words.length > 1)) return 'on';
  return flagFile ? 'on' : null;
}
const CONFIG_FILE = /\.(?:ya?ml|json|env|toml|ini|properties)$|(?:^|\/)\.env(?:\.[\w-]+)?$/i;

export default createCheck<DisabledFileOptions>({
  meta: {
    kind: 'disabled-file',
    description:
      'A file renamed or added with a disabling suffix (`.disabled`, `.skip`, `.bak`, `.off`), or a config flag turned from enabled to disabled.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        kind: { const: 'disabled-file' },
        suffixes: { type: 'array', items: { type: 'string', pattern: '^\\.' }, minItems: 1 },
        flags: { type: 'boolean' },
      },
    },
  },
  create(options) {
    const suffixes = options.suffixes ?? ['.disabled', '.skip', '.bak', '.off'];
    const flags = options.flags ?? true;
    const disabledBy = (path: string) =>
      suffixes.find((suffix) => path.toLowerCase().endsWith(suffix));
    return {
      run(change) {
        const found: RawFinding[] = [];
        const suffix = disabledBy(change.path);
        if (
          suffix &&
          (change.status === 'added' ||
            (change.status === 'renamed' && !disabledBy(change.oldPath ?? '')))
        ) {
          const what =
            change.status === 'renamed'
              ? `\`${change.oldPath}\` renamed to \`${change.path}\``
              : `\`${change.path}\` added`;
          found.push({
            path: change.path,
            line: 1,
            message: `Unexpected ${what} with the disabling suffix \`${suffix}\`, expected the file enabled or deleted`,
            excerpt: null,
          });
        }
        const flagFile = FLAG_FILE.test(change.path);
        if (!flags || !(CONFIG_FILE.test(change.path) || flagFile)) return found;
        const before = new Map<string, string>();
        for (const line of change.lines) {
          const flag = line.kind === 'del' ? readFlag(line.text.slice(0, MAX_LINE)) : null;
          if (flag) before.set(flag.key, flag.value);
        }
        for (const line of change.lines) {
          const flag = line.kind === 'add' ? readFlag(line.text.slice(0, MAX_LINE)) : null;
          if (!flag) continue;
          const { key, value: now } = flag;
          const was = before.get(key);
          if (was === undefined) continue;
          const kind = switchOf(key, flagFile);
          const switchedOff =
            (kind === 'on' && ON.test(was) && OFF.test(now)) ||
            (kind === 'off' && OFF.test(was) && ON.test(now));
          if (switchedOff)
            found.push({
              path: change.path,
              line: line.newLine ?? 0,
              message: `Unexpected \`${key}\` turned from \`${was}\` to \`${now}\` (switched off), expected it to stay on`,
              excerpt: line.text.trim(),
            });
        }
        return found;
      },
    };
  },
});
