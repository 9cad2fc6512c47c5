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
  /**
   * Where the config came from: whether the repository has one of its own, and every file
   * merged, nearest first (`owner/repo:path`); no files: the built-in defaults.
   */
  origin: ConfigOrigin;
}

export interface ConfigOrigin {
  own: boolean;
  files: string[];
}

/** The organisation-wide config lives here, as with `@probot/octokit-plugin-config`. */
export const ORG_CONFIG_REPO = '.github';
/** A chain of `_extends` longer than this is an error (and bounds the reads). */
export const MAX_CONFIG_FILES = 5;
/** Files outside the repository are shared by every evaluation of an owner for this long. */
export const SHARED_CONFIG_TTL_MS = 60_000;

const configError = (path: string, message: string, line = 1): ValidationError => ({
  path,
  line,
  column: 1,
  message,
});

/** The line of a top-level key, so an error about it points there. */
const lineOf = (text: string, key: string): number => {
  const index = text.split('\n').findIndex((line) => line.startsWith(`${key}:`));
  return index === -1 ? 1 : index + 1;
};

/** Parses the base config's text; `_extends` and the org-wide fallback are left to `followExtends`. */
export function parseBaseConfig(text: string | null): BaseConfig {
  if (text === null)
    return {
      config: DEFAULT_CONFIG,
      text,
      errors: [],
      unreadable: [],
      origin: { own: false, files: [] },
    };
  const parsed = parseConfig(text, CONFIG_PATH, CHECKS);
  return {
    config: parsed.config,
    text,
    errors: parsed.errors,
    unreadable: [],
    origin: { own: true, files: [CONFIG_PATH] },
  };
}

/** Where `_extends` points, or an error: same owner only, and only a `.yml`/`.yaml` file. */
export function extendsTarget(
  value: string,
  owner: string,
  at: { path: string; line: number } = { path: CONFIG_PATH, line: 1 },
): { owner: string; repo: string; path: string } | ValidationError {
  const match = /^(?:([\w.-]+)\/)?([\w.-]+)(?::([\w./-]+))?$/.exec(value);
  if (!match)
    return configError(
      at.path,
      'Unexpected `_extends` value, expected `.github`, `repo`, `owner/repo` or `owner/repo:path.yml`',
      at.line,
    );
  const targetOwner = match[1] ?? owner;
  const path = match[3] ?? CONFIG_PATH;
  if (targetOwner.toLowerCase() !== owner.toLowerCase())
    return configError(
      at.path,
      `Unexpected \`_extends\` owner \`${targetOwner}\`, expected a repository of \`${owner}\` (configs are only shared within one owner)`,
      at.line,
    );
  if (!/\.ya?ml$/i.test(path) || path.split('/').includes('..'))
    return configError(
      at.path,
      'Unexpected `_extends` path, expected a `.yml` or `.yaml` file in the repository',
      at.line,
    );
  return { owner: targetOwner, repo: match[2] as string, path };
}

type Shared = { at: number; value: Promise<string | null> };
const sharedReads = new WeakMap<Octokit, Map<string, Shared>>();

/**
 * A config file outside the repository, at its default branch. Every pull request of an owner
 * without a config of its own reads the organisation's: one read per client and minute serves
 * them all. A failed read is not kept.
 */
function readSharedFile(
  octokit: Octokit,
  target: { owner: string; repo: string; path: string },
): Promise<string | null> {
  let cache = sharedReads.get(octokit);
  if (!cache) sharedReads.set(octokit, (cache = new Map()));
  const key = `${target.owner}/${target.repo}:${target.path}`.toLowerCase();
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < SHARED_CONFIG_TTL_MS) return hit.value;
  const value = readRepoFile(octokit, target.owner, target.repo, target.path, undefined);
  cache.set(key, { at: Date.now(), value });
  if (cache.size > 1000) cache.delete(cache.keys().next().value as string);
  value.catch(() => cache.delete(key));
  return value;
}

interface ConfigFile {
  shown: string;
  text: string;
  config: GateConfig;
}

/**
 * The config the repository inherits, in `@probot/octokit-plugin-config`'s lookup order: its
 * own file (at the base commit), else `owner/.github:.github/readiness.yml` (at its default
 * branch), then each `_extends` in turn, at most MAX_CONFIG_FILES files, no file twice. The
 * plugin itself is not used: it returns parsed objects (no text, so no file:line errors) and
 * would fetch an `_extends` of another owner before it could be refused.
 *
 * A file outside the repository is never echoed: an error there names the file and line only,
 * so `_extends` cannot be used to read another file out through errors.
 */
export async function followExtends(
  octokit: Octokit,
  owner: string,
  base: BaseConfig,
  repo?: string,
  options: { orgConfig?: boolean } = {},
): Promise<BaseConfig> {
  if (base.errors.length > 0) return base;
  const fail = (more: Partial<Pick<BaseConfig, 'errors' | 'unreadable'>>): BaseConfig => ({
    ...base,
    errors: [...base.errors, ...(more.errors ?? [])],
    unreadable: [...base.unreadable, ...(more.unreadable ?? [])],
  });
  const seen = new Set<string>();
  if (repo) seen.add(`${owner}/${repo}:${CONFIG_PATH}`.toLowerCase());
  const read = async (
    target: { owner: string; repo: string; path: string },
    missing: ValidationError | null,
  ): Promise<ConfigFile | BaseConfig | null> => {
    const shown = `${target.owner}/${target.repo}:${target.path}`;
    seen.add(shown.toLowerCase());
    let text: string | null;
    try {
      text = await readSharedFile(octokit, target);
    } catch {
      return fail({ unreadable: [`the ${missing ? 'extended' : 'organisation'} config ${shown}`] });
    }
    if (text === null) return missing ? fail({ errors: [missing] }) : null;
    const parsed = parseConfig(text, shown, CHECKS);
    if (parsed.errors.length > 0)
      return fail({
        errors: parsed.errors.map((error) => ({
          path: shown,
          line: error.line,
          column: error.column,
          message: 'Unexpected content in the extended config, expected a valid readiness config',
        })),
      });
    return { shown, text, config: parsed.config };
  };

  const chain: ConfigFile[] = [];
  if (base.text !== null) chain.push({ shown: CONFIG_PATH, text: base.text, config: base.config });
  else {
    if (options.orgConfig === false || repo?.toLowerCase() === ORG_CONFIG_REPO) return base;
    const org = await read({ owner, repo: ORG_CONFIG_REPO, path: CONFIG_PATH }, null);
    if (org === null) return base;
    if (!('shown' in org)) return org;
    chain.push(org);
  }
  for (let last = chain[0] as ConfigFile; last.config.extends; last = chain.at(-1) as ConfigFile) {
    const at = { path: last.shown, line: lineOf(last.text, '_extends') };
    if (chain.length >= MAX_CONFIG_FILES)
      return fail({
        errors: [
          configError(
            at.path,
            `Unexpected \`_extends\` chain of more than ${MAX_CONFIG_FILES} files, expected at most ${MAX_CONFIG_FILES}`,
            at.line,
          ),
        ],
      });
    const target = extendsTarget(last.config.extends, owner, at);
    if ('message' in target) return fail({ errors: [target] });
    const shown = `${target.owner}/${target.repo}:${target.path}`;
    if (seen.has(shown.toLowerCase()))
      return fail({
        errors: [
          configError(
            at.path,
            `Unexpected \`_extends\` cycle: ${shown} is already part of this config, expected each file once`,
            at.line,
          ),
        ],
      });
    const next = await read(
      target,
      configError(
        at.path,
        `Unexpected \`_extends\` target ${shown}, expected a config there`,
        at.line,
      ),
    );
    if (next === null || !('shown' in next)) return next ?? base;
    chain.push(next);
  }
  let config = (chain.at(-1) as ConfigFile).config;
  for (let i = chain.length - 2; i >= 0; i--) {
    const file = chain[i] as ConfigFile;
    config = mergeConfigs(config, file.config, file.text);
  }
  return {
    ...base,
    config: chain.length > 1 ? config : { ...config, extends: null },
    origin: { own: base.origin.own, files: chain.map((file) => file.shown) },
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
