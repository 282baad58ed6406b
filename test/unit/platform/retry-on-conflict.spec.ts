import { ConflictRetry, retryOnConflict } from '../../../src/platform/es/retry-on-conflict';

class Conflict extends Error {}
class Refused extends Error {}
class GaveUp extends Error {
  constructor(readonly last: unknown) {
    super('gave up');
  }
}

type Outcome = 'conflict' | 'refused' | 'ok';

/** A between-attempts step that ends a macrotask later: an attempt not waiting for it would show first. */
const waitIn = (steps: string[]) => () =>
  new Promise<void>((resolve) =>
    setTimeout(() => {
      steps.push('waited');
      resolve();
    }, 1),
  );

/**
 * given(what each attempt does).when(how it is retried).then(result, steps): the steps are the
 * attempts made and the waits between them, in order.
 */
function given(...outcomes: Outcome[]) {
  return {
    when({ waits = false, ...retry }: Partial<ConflictRetry> & { attempts: number; waits?: boolean }) {
      const steps: string[] = [];
      const run = () =>
        retryOnConflict(
          {
            isConflict: (error) => error instanceof Conflict,
            exhausted: (error) => new GaveUp(error),
            beforeRetry: waits ? waitIn(steps) : undefined,
            ...retry,
          },
          async (attempt) => {
            steps.push(`attempt ${attempt}`);
            const outcome = outcomes[attempt - 1];
            if (outcome === 'conflict') throw new Conflict(`conflict ${attempt}`);
            if (outcome === 'refused') throw new Refused();
            return `ok on ${attempt}`;
          },
        );
      return {
        async then(result: string, expectedSteps: string[]) {
          await expect(run()).resolves.toBe(result);
          expect(steps).toEqual(expectedSteps);
        },
        async thenThrows(errorClass: new (...args: never[]) => Error, expectedSteps: string[]) {
          const error = await run().then(
            () => undefined,
            (thrown: unknown) => thrown,
          );
          expect(error).toBeInstanceOf(errorClass);
          expect(steps).toEqual(expectedSteps);
          return error;
        },
      };
    },
  };
}

describe('retryOnConflict', () => {
  it('returns the first success without retrying', () =>
    given('ok').when({ attempts: 5 }).then('ok on 1', ['attempt 1']));

  it('tries a conflict again at once when no step is given, and returns the first success', () =>
    given('conflict', 'conflict', 'ok')
      .when({ attempts: 5 })
      .then('ok on 3', ['attempt 1', 'attempt 2', 'attempt 3']));

  it('runs the between-attempts step to its end before each retry', () =>
    given('conflict', 'conflict', 'ok')
      .when({ attempts: 5, waits: true })
      .then('ok on 3', ['attempt 1', 'waited', 'attempt 2', 'waited', 'attempt 3']));

  it('throws an error that is no conflict at once, as it is', () =>
    given('conflict', 'refused', 'ok').when({ attempts: 5 }).thenThrows(Refused, ['attempt 1', 'attempt 2']));

  it('asks the caller which errors are conflicts', () =>
    given('conflict', 'ok')
      .when({ attempts: 5, isConflict: () => false })
      .thenThrows(Conflict, ['attempt 1']));

  it('gives up after N attempts with the error the caller makes of the last conflict', async () => {
    const error = await given('conflict', 'conflict', 'conflict', 'ok')
      .when({ attempts: 3 })
      .thenThrows(GaveUp, ['attempt 1', 'attempt 2', 'attempt 3']);
    expect((error as GaveUp).last).toEqual(new Conflict('conflict 3'));
  });

  it('runs no step after the last attempt', () =>
    given('conflict', 'conflict', 'ok')
      .when({ attempts: 2, waits: true })
      .thenThrows(GaveUp, ['attempt 1', 'waited', 'attempt 2']));

  it('with one attempt, gives up on the first conflict', () =>
    given('conflict', 'ok').when({ attempts: 1 }).thenThrows(GaveUp, ['attempt 1']));
});
