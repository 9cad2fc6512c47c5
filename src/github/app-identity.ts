import type { IssueComment } from './comments.js';

/**
 * Who this App is on GitHub. Only comments it wrote itself are trusted to carry the sticky
 * marker or a waiver acknowledgement: any other bot (or a user) can write the same text.
 */
export interface AppIdentity {
  appId: number | null;
  /** `<slug>[bot]`, the login GitHub gives the App's comments. */
  botLogin: string | null;
}

/** Whether this App wrote the comment: by its app id when GitHub says, else by its bot login. */
export function isOwnComment(comment: IssueComment, identity: AppIdentity): boolean {
  const app = comment.performed_via_github_app;
  if (app && identity.appId !== null) return app.id === identity.appId;
  return (
    identity.botLogin !== null &&
    comment.user?.type === 'Bot' &&
    comment.user.login === identity.botLogin
  );
}
