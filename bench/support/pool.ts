/** Runs work(0..count-1) with at most `concurrency` calls in flight; stops at the first error. */
export async function runPool(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (!failed && next < count) {
        const index = next++;
        try {
          await work(index);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    }),
  );
}
