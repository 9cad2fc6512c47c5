/** Where readiness documents are looked for when the config names none (SPEC §4). */
export const DEFAULT_CHECKLIST_GLOBS = [
  '**/*READINESS*.md',
  '**/*ACTION_PLAN*.md',
  '**/*ACTION-PLAN*.md',
];
export const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];
