import type { Verdict } from '../gate/compute-verdict.js';
import { CHANGE_KIND_LABEL, type ChecklistChange } from '../evidence/evidence-types.js';

const MAX_LISTED = 100;

/** Markdown inline text from a document: no HTML, tables or mentions break out of it. */
function escape(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|#]/g, (char) => `\\${char}`)
    .replace(/@/g, '@\u200b')
    .replace(/\s+/g, ' ');
}

function describe(change: ChecklistChange): string {
  if (change.kind === 'moved-phase') {
    const to = change.toPhase == null ? 'no phase' : `Phase ${change.toPhase}`;
    return `moved from ${change.phase == null ? 'no phase' : `Phase ${change.phase}`} to ${to}`;
  }
  if (change.kind === 'document-renamed') return `renamed to ${change.text}`;
  return CHANGE_KIND_LABEL[change.kind];
}

/**
 * The report's evidence section: every change the pull request makes to the gated documents
 * ("Checklist changes in this pull request"), how many claims the code contradicts, and what
 * could not be checked. Empty when there is nothing to say.
 */
export function renderEvidence(
  verdict: Verdict,
  format: 'markdown' | 'text',
  link: (path: string, line: number) => string = (path, line) => `${path}:${line}`,
): string {
  const out: string[] = [];
  const changes = verdict.checklistChanges ?? [];
  const summary = verdict.evidence;
  if (format === 'markdown') {
    if (changes.length > 0) {
      out.push('### Checklist changes in this pull request', '');
      for (const change of changes.slice(0, MAX_LISTED)) {
        const where = change.kind.startsWith('document-')
          ? `\`${escape(change.path)}\``
          : `${link(change.path, change.line)}${change.side === 'base' ? ' (base)' : ''}`;
        const text = change.kind.startsWith('document-') ? '' : ` “${escape(change.text)}”`;
        out.push(
          `- ${change.descoped ? '❌ ' : ''}${describe(change)}${text} — ${where}${change.descoped ? ' **(blocks: open gating-phase work de-scoped)**' : ''}`,
        );
      }
      if (changes.length > MAX_LISTED) out.push(`- … and ${changes.length - MAX_LISTED} more`);
      out.push('');
    }
    if (summary?.claims && summary.contradicted > 0)
      out.push(
        `> ${summary.contradicted} claim(s) contradicted by the code: measured scores count verified items only.`,
        '',
      );
    for (const note of summary?.notes ?? []) out.push(`> ℹ️ ${note}`, '');
    return out.join('\n');
  }
  if (changes.length > 0) {
    out.push('Checklist changes in this pull request:');
    for (const change of changes.slice(0, MAX_LISTED)) {
      const text = change.kind.startsWith('document-') ? '' : `  “${change.text}”`;
      out.push(
        `  ${change.path}:${change.line}${change.side === 'base' ? ' (base)' : ''}  ${describe(change)}${text}${change.descoped ? '  [blocks]' : ''}`,
      );
    }
    if (changes.length > MAX_LISTED) out.push(`  … and ${changes.length - MAX_LISTED} more`);
    out.push('');
  }
  if (summary?.claims && summary.contradicted > 0)
    out.push(
      `${summary.contradicted} claim(s) contradicted by the code: measured scores count verified items only.`,
      '',
    );
  for (const note of summary?.notes ?? []) out.push(`Note: ${note}`);
  if ((summary?.notes.length ?? 0) > 0) out.push('');
  return out.join('\n');
}
