/** The repository as webhook payloads carry it (an organisation's owner may have only a name). */
export type PayloadRepository = {
  owner: { login?: string; name?: string | null } | null;
  name: string;
};

export function readRepositoryOwner(repository: PayloadRepository): string {
  return repository.owner?.login ?? repository.owner?.name ?? '';
}
