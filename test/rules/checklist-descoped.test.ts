import { evidenceTable } from '../helpers/evidence-table.js';

const BASE = [
  '# Plan',
  '',
  '## Phase 1: Launch',
  '- [x] Ship the orders API',
  '- [ ] Rotate the leaked keys',
  '- [ ] Close the pool on exit',
  '',
  '## Phase 2: Later',
  '- [ ] Multi-region failover',
  '',
].join('\n');
const edit = (from: string, to: string) => BASE.replace(from, to);

evidenceTable('checklist-descoped', {
  valid: [
    { name: 'the document is unchanged', base: BASE, plan: BASE },
    {
      name: 'an open item ticked',
      base: BASE,
      plan: edit('- [ ] Rotate', '- [x] Rotate'),
    },
    {
      name: 'an item added',
      base: BASE,
      plan: edit('- [ ] Close', '- [ ] Add alerts\n- [ ] Close'),
    },
    {
      name: 'a done item removed: it is no longer work to track',
      base: BASE,
      plan: edit('- [x] Ship the orders API\n', ''),
    },
    {
      name: 'an open item of another phase removed',
      base: BASE,
      plan: edit('- [ ] Multi-region failover\n', ''),
    },
    {
      name: 'the base was not read: nothing is compared',
      plan: edit('- [ ] Rotate the leaked keys\n', ''),
    },
  ],
  invalid: [
    {
      name: 'an open Phase 1 item deleted',
      base: BASE,
      plan: edit('- [ ] Rotate the leaked keys\n', ''),
      findings: [
        {
          line: 5,
          message:
            'Unexpected open Phase 1 item “Rotate the leaked keys” removed, expected it kept until done',
        },
      ],
    },
    {
      name: 'an open Phase 1 item struck through',
      base: BASE,
      plan: edit('- [ ] Rotate the leaked keys', '- [ ] ~~Rotate the leaked keys~~'),
      findings: [{ line: 5, message: '“Rotate the leaked keys” struck through' }],
    },
    {
      name: 'an open Phase 1 item moved under Out of Scope',
      base: BASE,
      plan: `${edit('- [ ] Rotate the leaked keys\n', '')}\n## Out of Scope\n- [ ] Rotate the leaked keys\n`,
      findings: [{ line: 11, message: '“Rotate the leaked keys” moved out of scope' }],
    },
    {
      name: 'an open Phase 1 item moved into an HTML comment',
      base: BASE,
      plan: edit('- [ ] Rotate the leaked keys', '<!-- - [ ] Rotate the leaked keys -->'),
      findings: [{ line: 5, message: '“Rotate the leaked keys” moved into an HTML comment' }],
    },
    {
      name: 'an open Phase 1 item moved to Phase 2',
      base: BASE,
      plan: edit('- [ ] Rotate the leaked keys\n', '').replace(
        '- [ ] Multi-region',
        '- [ ] Rotate the leaked keys\n- [ ] Multi-region',
      ),
      findings: [
        { line: 8, message: '“Rotate the leaked keys” moved to another phase (to Phase 2)' },
      ],
    },
    {
      name: 'the gated document deleted',
      base: BASE,
      plan: null,
      findings: [{ line: 1, message: 'Unexpected deletion of the gated document `docs/PLAN.md`' }],
    },
    {
      name: 'the gated document renamed to another gated path is a warning',
      base: BASE,
      basePath: 'docs/OLD_PLAN.md',
      plan: BASE,
      findings: [
        {
          line: 1,
          message: 'Unexpected rename of the gated document `docs/OLD_PLAN.md` to `docs/PLAN.md`',
          severity: 'warning',
        },
      ],
    },
  ],
});
