import { readFileSync } from 'node:fs';
import { repoRoot } from './paths.js';

const readme = readFileSync(`${repoRoot}README.md`, 'utf8');

/** The fenced block right after `<!-- example: name -->` in the README. */
export function readReadmeExample(name: string): string {
  const match = new RegExp(`<!-- example: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(
    readme,
  );
  if (!match?.[1]) throw new Error(`README has no example "${name}"`);
  return match[1];
}
