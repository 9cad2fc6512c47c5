import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixtures = `${repoRoot}test/fixtures`;
export const samplesDir = fileURLToPath(new URL('../../../shared/samples/', import.meta.url));

/**
 * The shared samples sit beside the clone on CI and on the team's machines; elsewhere the
 * sample tests are skipped, but on CI a missing folder is a failure, never a silent pass.
 */
export const haveSamples = existsSync(samplesDir);
if (!haveSamples && process.env.CI) throw new Error(`shared samples not found at ${samplesDir}`);
