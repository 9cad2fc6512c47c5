/**
 * Everything a source hands over, at hand or streamed, as an array (a stream is read once); a
 * source's function of the repository (`files(shownWhole)`) is asked for every file.
 */
export async function collect<T>(
  items: T[] | AsyncIterable<T> | ((shownWhole: ReadonlySet<string>) => AsyncIterable<T>),
): Promise<T[]> {
  if (Array.isArray(items)) return items;
  if (typeof items === 'function') items = items(new Set());
  const all: T[] = [];
  for await (const item of items as AsyncIterable<T>) all.push(item);
  return all;
}
