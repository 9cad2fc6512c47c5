/** Everything a source hands over, at hand or streamed, as an array (a stream is read once). */
export async function collect<T>(items: T[] | AsyncIterable<T>): Promise<T[]> {
  if (Array.isArray(items)) return items;
  const all: T[] = [];
  for await (const item of items as AsyncIterable<T>) all.push(item);
  return all;
}
