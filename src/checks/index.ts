import type { CheckDefinition } from '../core/rules/rule-types.js';
import addedLinePattern from './added-line-pattern.js';
import commentedOutCode from './commented-out-code.js';
import companionFile from './companion-file.js';
import credentialLiteral from './credential-literal.js';
import disabledFile from './disabled-file.js';
import emptyHandler from './empty-handler.js';
import migrationRollback from './migration-rollback.js';
import gateEvidence from './gate-evidence.js';

/** Every check kind, by the `kind` a rule names. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const CHECKS: ReadonlyMap<string, CheckDefinition<any>> = new Map(
  [
    addedLinePattern,
    commentedOutCode,
    disabledFile,
    companionFile,
    credentialLiteral,
    emptyHandler,
    migrationRollback,
    gateEvidence,
  ].map((check) => [check.meta.kind, check]),
);
