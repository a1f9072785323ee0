// Work on many hosts at once, but never more than `limit` at a time: SSH sessions, agent
// pings and uninstalls each cost a connection on the management node.
export async function forEachInParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
