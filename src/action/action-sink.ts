import { appendFile } from 'node:fs/promises';
import type { GateOutcome, GateSink } from '../core/gate/gate-snapshot.js';
import { renderCheckOutput, type CheckAnnotation } from '../core/render/render-check-output.js';

/** Where the sink writes: the step's environment and its log, injected (no process globals). */
export interface ActionSinkOptions {
  env: Record<string, string | undefined>;
  out: { write(text: string): unknown };
}

export interface ActionResult {
  /** The step's exit code: 0 when the gate passes, 1 when it fails. */
  exitCode: 0 | 1;
  conclusion: 'success' | 'failure';
  annotations: number;
}

/** A workflow command's message: `%`, CR and LF escaped so it stays one command on one line. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,`, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND = { failure: 'error', warning: 'warning', notice: 'notice' } as const;

/** `::error file=src/a.ts,line=3,endLine=3,title=dev-keys::message` for one annotation. */
export function renderWorkflowCommand(annotation: CheckAnnotation): string {
  const properties = [
    `file=${escapeProperty(annotation.path)}`,
    `line=${annotation.start_line}`,
    `endLine=${annotation.end_line}`,
    `title=${escapeProperty(annotation.title)}`,
  ].join(',');
  return `::${COMMAND[annotation.annotation_level]} ${properties}::${escapeData(annotation.message)}\n`;
}

/**
 * The Action's sink: findings as workflow annotations on the diff, the markdown report in the
 * step summary, and the verdict as the exit code (a failing gate fails the job, which is what
 * a required status check reads).
 */
export function createActionSink(options: ActionSinkOptions): GateSink<ActionResult> {
  return {
    async publish(outcome: GateOutcome): Promise<ActionResult> {
      const { target } = outcome;
      const output = renderCheckOutput(outcome.verdict, {
        blobUrl: target.blobUrl,
        notScanned: outcome.notScanned,
        waivers: outcome.waivers,
        required: target.required,
      });
      for (const annotation of output.annotations)
        options.out.write(renderWorkflowCommand(annotation));
      const summaryPath = options.env.GITHUB_STEP_SUMMARY;
      if (summaryPath) {
        try {
          await appendFile(summaryPath, `${output.summary}\n`, 'utf8');
        } catch (error) {
          // The verdict stands without its summary: say so, never turn a pass into a failure.
          options.out.write(
            `::warning title=Readiness Gate::${escapeData(`cannot write the step summary ${summaryPath}: ${(error as Error).message}`)}\n`,
          );
        }
      }
      options.out.write(
        `Readiness Gate: ${output.conclusion === 'success' ? 'pass' : 'fail'} · ${output.title}\n`,
      );
      return {
        exitCode: output.conclusion === 'success' ? 0 : 1,
        conclusion: output.conclusion,
        annotations: output.annotations.length,
      };
    },
  };
}
