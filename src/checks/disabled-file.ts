import type { RawFinding } from '../core/rules/rule-types.js';
import { createCheck } from './create-check.js';

export interface DisabledFileOptions {
  suffixes?: string[];
  /** Check `enabled: true → false` style flips in YAML, JSON and env files. */
  flags?: boolean;
}

const ON = /^(?:true|yes|on|1|"true"|'true')$/i;
const OFF = /^(?:false|no|off|0|"false"|'false')$/i;
const FLAG = /^\s*"?([\w.-]*?(?:enabled?|active|on))"?\s*[:=]\s*([^\s,#]+)\s*,?\s*(?:#.*)?$/i;
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
        if (!flags || !CONFIG_FILE.test(change.path)) return found;
        const wasOn = new Set<string>();
        for (const line of change.lines) {
          const match = line.kind === 'del' ? FLAG.exec(line.text) : null;
          if (match && ON.test(match[2] ?? '')) wasOn.add((match[1] ?? '').toLowerCase());
        }
        for (const line of change.lines) {
          const match = line.kind === 'add' ? FLAG.exec(line.text) : null;
          if (match && OFF.test(match[2] ?? '') && wasOn.has((match[1] ?? '').toLowerCase())) {
            found.push({
              path: change.path,
              line: line.newLine ?? 0,
              message: `Unexpected \`${match[1]}\` turned from enabled to \`${match[2]}\`, expected it to stay enabled`,
              excerpt: line.text.trim(),
            });
          }
        }
        return found;
      },
    };
  },
});
