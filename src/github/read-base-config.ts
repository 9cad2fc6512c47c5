import type { Octokit } from '@octokit/rest';
import { CHECKS } from '../checks/index.js';
import { DEFAULT_CONFIG, type GateConfig } from '../core/config/config-types.js';
import { mergeConfigs } from '../core/config/merge-configs.js';
import { parseConfig } from '../core/config/parse-config.js';
import { CONFIG_PATH } from '../core/gate/constants.js';
import { resolveRules } from '../core/rules/resolve-rules.js';
import type { Rule, ValidationError } from '../core/rules/rule-types.js';
import { readRepoFile } from './read-pull-request.js';

export interface BaseConfig {
  config: GateConfig;
  /** The base config's own text (null when there is none): `_extends` merges on its keys. */
  text: string | null;
  errors: ValidationError[];
  unreadable: string[];
}

const configError = (path: string, message: string): ValidationError => ({
  path,
  line: 1,
  column: 1,
  message,
});

/** Parses the base config's text; `_extends` is left to `followExtends`. */
export function parseBaseConfig(text: string | null): BaseConfig {
  if (text === null) return { config: DEFAULT_CONFIG, text, errors: [], unreadable: [] };
  const parsed = parseConfig(text, CONFIG_PATH, CHECKS);
  return { config: parsed.config, text, errors: parsed.errors, unreadable: [] };
}

/** Where `_extends` points, or an error: same owner only, and only a `.yml`/`.yaml` file. */
export function extendsTarget(
  value: string,
  owner: string,
): { owner: string; repo: string; path: string } | ValidationError {
  const match = /^(?:([\w.-]+)\/)?([\w.-]+)(?::([\w./-]+))?$/.exec(value);
  if (!match)
    return configError(
      CONFIG_PATH,
      'Unexpected `_extends` value, expected `.github`, `repo`, `owner/repo` or `owner/repo:path.yml`',
    );
  const targetOwner = match[1] ?? owner;
  const path = match[3] ?? CONFIG_PATH;
  if (targetOwner.toLowerCase() !== owner.toLowerCase())
    return configError(
      CONFIG_PATH,
      `Unexpected \`_extends\` owner \`${targetOwner}\`, expected a repository of \`${owner}\` (configs are only shared within one owner)`,
    );
  if (!/\.ya?ml$/i.test(path) || path.split('/').includes('..'))
    return configError(
      CONFIG_PATH,
      'Unexpected `_extends` path, expected a `.yml` or `.yaml` file in the repository',
    );
  return { owner: targetOwner, repo: match[2] as string, path };
}

/**
 * Follows `_extends` once. The extended file's content is never echoed: an error there names
 * the file and line only, so `_extends` cannot be used to read another file out through errors.
 */
export async function followExtends(octokit: Octokit, owner: string, base: BaseConfig) {
  const value = base.config.extends;
  if (!value || base.errors.length > 0 || base.text === null) return base;
  const target = extendsTarget(value, owner);
  if ('message' in target) return { ...base, errors: [...base.errors, target] };
  const shown = `${target.owner}/${target.repo}:${target.path}`;
  let text: string | null;
  try {
    text = await readRepoFile(octokit, target.owner, target.repo, target.path, undefined);
  } catch {
    return { ...base, unreadable: [...base.unreadable, `the extended config ${shown}`] };
  }
  if (text === null)
    return {
      ...base,
      errors: [
        ...base.errors,
        configError(
          CONFIG_PATH,
          `Unexpected \`_extends\` target ${shown}, expected a config there`,
        ),
      ],
    };
  const parent = parseConfig(text, shown, CHECKS);
  const errors = parent.errors.map((error) => ({
    path: shown,
    line: error.line,
    column: error.column,
    message: 'Unexpected content in the extended config, expected a valid readiness config',
  }));
  return {
    ...base,
    config: mergeConfigs(parent.config, base.config, base.text),
    errors: [...base.errors, ...errors],
  };
}

/** The built-in rules tuned by the config, with the config's own rule errors. */
export function effectiveRules(builtin: Rule[], config: GateConfig) {
  return resolveRules(builtin, config, CONFIG_PATH);
}

/** `waivers.allowAuthor`: whether a PR's author may waive findings on their own PR. */
export function allowsAuthorWaivers(config: GateConfig): boolean {
  return config.waivers?.allowAuthor === true;
}

/** A config the change itself edits, validated at head: its errors block the change. */
export function validateChangedConfig(text: string, builtin: Rule[]): ValidationError[] {
  const parsed = parseConfig(text, CONFIG_PATH, CHECKS);
  return [...parsed.errors, ...resolveRules(builtin, parsed.config, CONFIG_PATH).errors];
}

/** The base config's text parsed, `_extends` followed: for callers that read the text themselves. */
export async function readConfig(
  octokit: Octokit,
  ref: { owner: string; repo?: string; number?: number },
  baseText: string | null,
): Promise<{ config: GateConfig; errors: ValidationError[] }> {
  const merged = await followExtends(octokit, ref.owner, parseBaseConfig(baseText));
  const unreadable = merged.unreadable.map((what) =>
    configError(CONFIG_PATH, `Unexpected unreadable ${what}, expected to read it; re-run the gate`),
  );
  return { config: merged.config, errors: [...merged.errors, ...unreadable] };
}
