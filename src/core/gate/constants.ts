/** The check run's name: branch protection and rulesets require it by this exact name. */
export const CHECK_NAME = 'Readiness Gate';

/** Where a repository keeps its gate config; read from the base branch. */
export const CONFIG_PATH = '.github/readiness.yml';
