/**
 * Whether a failed write may still have happened: a 5xx, a timeout or a cut-off response.
 * A 4xx is a definite refusal. Such writes are checked before being sent again.
 */
export function isAmbiguous(error: unknown): boolean {
  const status = (error as { status?: number }).status;
  return status === undefined || status >= 500 || status === 408;
}
