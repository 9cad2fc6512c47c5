export type SlashCommand =
  | { name: 'check' }
  | { name: 'status' }
  | { name: 'help' }
  | { name: 'explain'; rule: string | null }
  | { name: 'waive'; rule: string | null; path: string | null; reason: string | null }
  | { name: 'unwaive'; rule: string | null; path: string | null }
  | { name: 'unknown'; text: string };

const LINE = /^\s*\/readiness(?:\s+(.*?))?\s*$/;

/**
 * Finds `/readiness ...` commands, each on its own line, outside code blocks and quotes:
 * `/readiness waive dev-keys src/a.ts -- test account` → { waive, dev-keys, src/a.ts, reason }.
 */
export function parseSlashCommands(body: string): SlashCommand[] {
  const commands: SlashCommand[] = [];
  let fenced = false;
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced || /^\s*>/.test(line)) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const rest = match[1] ?? '';
    // Everything after the first ` -- ` is the reason, dashes and all.
    const separator = /(?:^|\s+)--(?:\s+|$)/.exec(rest);
    const head = separator ? rest.slice(0, separator.index) : rest;
    const reasonPart = separator ? rest.slice(separator.index + separator[0].length) : undefined;
    const [verb = '', ...args] = head.split(/\s+/).filter(Boolean);
    const reason = reasonPart?.trim() || null;
    switch (verb.toLowerCase()) {
      case '':
      case 'check':
        commands.push({ name: 'check' });
        break;
      case 'status':
        commands.push({ name: 'status' });
        break;
      case 'help':
        commands.push({ name: 'help' });
        break;
      case 'explain':
        commands.push({ name: 'explain', rule: args[0] ?? null });
        break;
      case 'waive':
        commands.push({ name: 'waive', rule: args[0] ?? null, path: args[1] ?? null, reason });
        break;
      case 'unwaive':
        commands.push({ name: 'unwaive', rule: args[0] ?? null, path: args[1] ?? null });
        break;
      default:
        commands.push({ name: 'unknown', text: rest });
    }
  }
  return commands;
}

export const COMMAND_HELP = `**Readiness Gate commands** (in a pull request comment, each on its own line):

| command | what it does |
|---|---|
| \`/readiness\` or \`/readiness check\` | re-evaluate now |
| \`/readiness status\` | reply with a short status |
| \`/readiness explain <rule-id>\` | why a rule matters and how to fix it |
| \`/readiness waive <rule-id> [path] -- <reason>\` | waive a finding (write access; a reason is required) |
| \`/readiness unwaive <rule-id> [path]\` | take a waiver back |
| \`/readiness help\` | this help |`;
