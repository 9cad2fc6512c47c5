import type { GateTarget } from '../../src/core/gate/gate-snapshot.js';

/** A local run against `main` that knows nothing of GitHub (no repository, SHAs or links). */
export function makeLocalTarget(): GateTarget {
  return {
    kind: 'local',
    repository: null,
    number: null,
    baseRef: 'main',
    baseSha: null,
    headSha: null,
    blobUrl: null,
    required: null,
  };
}
