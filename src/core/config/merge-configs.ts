import type { GateConfig } from './config-types.js';

/** A repository's config over the one it `_extends`: its keys win, rule changes add up. */
export function mergeConfigs(base: GateConfig, local: GateConfig, localText: string): GateConfig {
  const has = (key: string) => new RegExp(`^${key}\\s*:`, 'm').test(localText);
  return {
    checklists: has('checklists') ? local.checklists : base.checklists,
    gate: has('gate') ? local.gate : base.gate,
    untracked: has('untracked') ? local.untracked : base.untracked,
    ignore: [...base.ignore, ...local.ignore],
    rules: {
      disable: [...base.rules.disable, ...local.rules.disable],
      severity: { ...base.rules.severity, ...local.rules.severity },
      add: [
        ...base.rules.add.filter((rule) => !local.rules.add.some((own) => own.id === rule.id)),
        ...local.rules.add,
      ],
    },
    phasePattern: local.phasePattern ?? base.phasePattern,
    outOfScope: local.outOfScope ?? base.outOfScope,
    extends: null,
    comment: has('comment') ? local.comment : base.comment,
    whenUnconfigured: has('whenUnconfigured') ? local.whenUnconfigured : base.whenUnconfigured,
    notScanned: has('notScanned') ? local.notScanned : base.notScanned,
    waivers: has('waivers') ? local.waivers : base.waivers,
    ...((local.migrations ?? base.migrations)
      ? { migrations: local.migrations ?? base.migrations }
      : {}),
    evidence: { ...base.evidence, ...local.evidence },
  };
}
