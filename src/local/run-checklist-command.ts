import { resolve } from 'node:path';
import type { ChecklistDocument } from '../core/checklist/checklist-types.js';
import { parseChecklist } from '../core/checklist/parse-checklist.js';
import { renderChecklistText } from '../core/render/render-checklist-text.js';
import { CliError } from './cli-error.js';
import type { CommandResult } from './command-result.js';
import { expandChecklistPaths } from './expand-checklist-paths.js';
import { readTextFile } from './read-text-file.js';

/** `readiness-gate checklist <file.md>... [--json]`: exit 0 when every Phase 1 is green. */
export async function runChecklistCommand(
  args: string[],
  options: { json: boolean; cwd?: string },
): Promise<CommandResult> {
  if (args.length === 0) throw new CliError('checklist needs at least one file, directory or glob');
  const paths = await expandChecklistPaths(args, options.cwd);
  const documents: ChecklistDocument[] = [];
  for (const path of paths) {
    const { document, errors } = parseChecklist(
      await readTextFile(resolve(options.cwd ?? process.cwd(), path), path),
      path,
    );
    if (errors.length > 0) {
      const [first] = errors;
      throw new CliError(`${first?.path}:${first?.line}: ${first?.message}`);
    }
    documents.push(document);
  }
  const green = documents.every((document) =>
    document.phases.some((phase) => phase.number === 1 && phase.green),
  );
  const stdout = options.json
    ? `${JSON.stringify({ documents }, null, 2)}\n`
    : renderChecklistText(documents);
  return { stdout, exitCode: green ? 0 : 1 };
}
