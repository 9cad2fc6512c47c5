const WORD = /[\p{L}\p{N}]+/gu;

function words(text: string): string[] {
  // "local-dev-key" and "dev_keys" read as "local dev key"; a plural matches its singular.
  return (text.toLowerCase().replace(/_/g, ' ').match(WORD) ?? []).map((word) =>
    word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word,
  );
}

/**
 * Whether a checklist item's text carries a rule's `checklist` fragment: every word of the
 * fragment appears in the item, in order, case and punctuation aside ("dev key" in "Remove all
 * 'local-dev-key' instances"; "hardcoded credentials" in "No hardcoded dev credentials").
 */
export function matchesEvidenceFragment(itemText: string, fragment: string): boolean {
  const wanted = words(fragment);
  if (wanted.length === 0) return false;
  const have = words(itemText);
  let at = 0;
  for (const word of have) {
    if (word === wanted[at]) at++;
    if (at === wanted.length) return true;
  }
  return false;
}
