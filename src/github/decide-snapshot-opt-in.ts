import { CONFIG_PATH } from '../core/gate/constants.js';
import { decideOptIn, type OptInDecision } from '../core/gate/decide-opt-in.js';
import type { GateSnapshot } from '../core/gate/gate-snapshot.js';
import { selectChecklistPaths } from '../core/gate/run-gate.js';

/**
 * Whether the App judges this snapshot, or skips it / posts a neutral run (`whenUnconfigured`,
 * from the config the repository inherits). Anything uncertain is judged, so it fails closed:
 * a failed read, a config error, a check that branch protection requires, a change that adds
 * or edits the config (it opts in), or a change that deletes or renames a readiness document
 * away (a repository cannot opt out by deleting it).
 */
export function decideSnapshotOptIn(snapshot: GateSnapshot): OptInDecision {
  if (snapshot.unreadable.length > 0 || snapshot.errors.length > 0) return 'evaluate';
  if (snapshot.target.required === true) return 'evaluate';
  // A streamed change cannot be looked at before the gate reads it: it is evaluated.
  if (!Array.isArray(snapshot.changes)) return 'evaluate';
  if (snapshot.changes.some((change) => change.path === CONFIG_PATH)) return 'evaluate';
  const removed = snapshot.changes
    .filter((change) => change.status === 'deleted' || change.status === 'renamed')
    .map((change) => change.oldPath ?? change.path);
  const hasDocument =
    snapshot.headPaths === null
      ? null
      : snapshot.checklists.length > 0 || selectChecklistPaths(snapshot.config, removed).length > 0;
  return decideOptIn({
    hasDocument,
    hasConfig: snapshot.configOrigin ? snapshot.configOrigin.own : null,
    whenUnconfigured: snapshot.config.whenUnconfigured,
  });
}
