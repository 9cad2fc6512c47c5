// `check` on a local repository lives in run-local-check.ts, which the CLI imports directly so
// that a small run loads no YAML parser or schema validator; this module keeps the names that
// `check --pr` and the tests import.
export { runCheckCommand, WORKTREE, type CheckOptions } from './run-local-check.js';
export { renderVerdict, type RenderVerdictOptions } from './render-verdict.js';
export { setupFromConfigText, loadGateSetup } from './load-gate-setup.js';
