import { Decider } from '../../src/platform/es/decider';
import { DomainEvent } from '../../src/platform/es/domain-event';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * given(events).when(command).then(expectedEvents) — a test reads as the rule it checks.
 * `then` also accepts a predicate-free partial check through `thenMatches`.
 */
export function deciderSpec<Command, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
) {
  return {
    given(history: Event[]) {
      const state = history.reduce(decider.evolve, decider.initialState);
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: Event[]) {
              expect(run()).toEqual(expected);
            },
            thenMatches(expected: Partial<Event>[]) {
              expect(run()).toMatchObject(expected);
            },
            thenNothing() {
              expect(run()).toEqual([]);
            },
            thenThrows(errorClass: ErrorClass, message?: string | RegExp) {
              expect(run).toThrow(errorClass as unknown as new (...args: unknown[]) => Error);
              if (message !== undefined) expect(run).toThrow(message);
            },
          };
        },
        thenState(expected: State) {
          expect(state).toEqual(expected);
        },
      };
    },
  };
}
