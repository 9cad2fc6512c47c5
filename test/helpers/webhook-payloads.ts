import examples from '@octokit/webhooks-examples';

type Example = Record<string, any>;

const all = ((examples as unknown as { default?: unknown }).default ?? examples) as Array<{
  name: string;
  examples: Example[];
}>;

/** A real payload from @octokit/webhooks-examples, deep-copied so tests can adapt it. */
export function example(
  name: string,
  action: string | null,
  pick: (payload: Example) => boolean = () => true,
): Example {
  const found = all
    .find((event) => event.name === name)
    ?.examples.find((payload) => (action === null || payload.action === action) && pick(payload));
  if (!found) throw new Error(`no ${name}.${action} example`);
  return structuredClone(found);
}

export const INSTALLATION = 4242;
export const OWNER = 'Codertocat';
export const REPO = 'Hello-World';
export const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
export const BASE = 'master';

/** `pull_request.opened` for Codertocat/Hello-World#2, with the installation it lacks. */
export function pullRequestOpened(changes: { draft?: boolean; head?: string } = {}): Example {
  const payload = example(
    'pull_request',
    'opened',
    (p) => p.repository?.full_name === `${OWNER}/${REPO}`,
  );
  payload.installation = {
    id: INSTALLATION,
    node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==',
  };
  payload.pull_request.draft = changes.draft ?? false;
  if (changes.head) payload.pull_request.head.sha = changes.head;
  return payload;
}

/** `issue_comment.created` on the same pull request (the example is on an issue: made a PR). */
export function commentCreated(
  body: string,
  user: { login: string; type?: string },
  id = 9001,
): Example {
  const payload = example('issue_comment', 'created');
  payload.installation = { id: INSTALLATION, node_id: 'x' };
  payload.repository = pullRequestOpened().repository;
  payload.issue.number = 2;
  payload.issue.pull_request = { url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/2` };
  payload.comment = {
    ...payload.comment,
    id,
    body,
    user: { ...payload.comment.user, login: user.login, type: user.type ?? 'User' },
  };
  return payload;
}
