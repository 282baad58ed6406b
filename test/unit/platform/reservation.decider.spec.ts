import { ReservationTakenError, reservationDecider } from '../../../src/platform/es/reservation.decider';
import { deciderSpec } from '../../support/decider-spec';

const spec = deciderSpec(reservationDecider);
const at = '2026-01-01T00:00:00.000Z';
const claimed = (owner: string) =>
  ({ type: 'ReservationClaimed', data: { scope: 'userName', key: 'alice', owner, at } }) as const;
const released = (owner: string) =>
  ({ type: 'ReservationReleased', data: { scope: 'userName', key: 'alice', owner } }) as const;
const claim = (owner: string, replacing?: string) =>
  ({ type: 'Claim', scope: 'userName', key: 'alice', owner, at, replacing }) as const;
const release = (owner: string) => ({ type: 'Release', scope: 'userName', key: 'alice', owner }) as const;

describe('reservation decider', () => {
  it('claims a free value', () =>
    spec
      .given([])
      .when(claim('u1'))
      .then([claimed('u1')]));
  it('refuses a value held by another owner', () =>
    spec
      .given([claimed('u1')])
      .when(claim('u2'))
      .thenThrows(ReservationTakenError));
  it('is idempotent for the same owner', () =>
    spec
      .given([claimed('u1')])
      .when(claim('u1'))
      .thenNothing());
  it('takes over from a stale owner named by the caller', () =>
    spec
      .given([claimed('u1')])
      .when(claim('u2', 'u1'))
      .then([claimed('u2')]));
  it('does not take over when the named stale owner is not the holder', () =>
    spec
      .given([claimed('u1')])
      .when(claim('u2', 'u3'))
      .thenThrows(ReservationTakenError));
  it('claims again after a release', () =>
    spec
      .given([claimed('u1'), released('u1')])
      .when(claim('u2'))
      .then([claimed('u2')]));
  it('releases only for the holder', () => {
    spec
      .given([claimed('u1')])
      .when(release('u1'))
      .then([released('u1')]);
    spec
      .given([claimed('u1')])
      .when(release('u2'))
      .thenNothing();
    spec.given([]).when(release('u1')).thenNothing();
  });
});
