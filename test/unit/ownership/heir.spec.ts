import { HeirFacts, decideHeir } from '../../../src/modules/ownership/domain/heir';

const facts = (overrides: Partial<HeirFacts> = {}): HeirFacts => ({
  userId: 'u',
  companyOwners: [
    { userId: 'co1', active: true },
    { userId: 'co2', active: true },
  ],
  subscriptionOwner: 'so',
  manager: { userId: 'boss', active: true },
  ownsSomething: true,
  ...overrides,
});

describe('the disable-user rule (decideHeir)', () => {
  it('3. gives a plain user’s items to its active manager', () =>
    expect(decideHeir(facts())).toMatchObject({ outcome: 'transfer', heirId: 'boss', rule: 'manager' }));

  it('4. gives them to the subscription owner when the manager is disabled', () =>
    expect(decideHeir(facts({ manager: { userId: 'boss', active: false } }))).toMatchObject({
      outcome: 'transfer',
      heirId: 'so',
      rule: 'subscription-owner',
    }));

  it('4. gives them to the subscription owner when the manager is not a user of this subscription', () =>
    expect(decideHeir(facts({ manager: null }))).toMatchObject({ heirId: 'so', rule: 'subscription-owner' }));

  it('refuses when an heir is needed and no subscription owner is set, naming the role', () => {
    const decision = decideHeir(facts({ manager: null, subscriptionOwner: null }));
    expect(decision).toMatchObject({ outcome: 'refused', reason: 'no-subscription-owner' });
    expect(decision.outcome === 'refused' && decision.detail).toMatch(/assign a subscription owner first/);
  });

  it('disables a user who owns nothing with no transfer', () =>
    expect(decideHeir(facts({ ownsSomething: false }))).toEqual({ outcome: 'no-transfer' }));

  it('disables a user who owns nothing even when no heir exists', () =>
    expect(decideHeir(facts({ ownsSomething: false, subscriptionOwner: null, manager: null }))).toEqual({
      outcome: 'no-transfer',
    }));

  it('2. gives the subscription owner’s items and role to the longest-standing company owner', () =>
    expect(decideHeir(facts({ userId: 'so' }))).toEqual({
      outcome: 'transfer',
      heirId: 'co1',
      rule: 'company-owner-for-subscription-owner',
      takesSubscriptionOwnership: true,
      removesCompanyOwnership: false,
    }));

  it('2. applies to a subscription owner who owns nothing (the role must move)', () =>
    expect(decideHeir(facts({ userId: 'so', ownsSomething: false }))).toMatchObject({ heirId: 'co1' }));

  it('2. refuses a subscription owner when no company owner is set', () =>
    expect(decideHeir(facts({ userId: 'so', companyOwners: [] }))).toMatchObject({
      outcome: 'refused',
      reason: 'no-company-owner',
    }));

  it('2. prefers the subscription-owner rule over the manager', () =>
    expect(decideHeir(facts({ userId: 'so', manager: { userId: 'boss', active: true } }))).toMatchObject({
      heirId: 'co1',
      rule: 'company-owner-for-subscription-owner',
    }));

  it('1. gives a company owner’s items to the longest-standing other company owner', () =>
    expect(decideHeir(facts({ userId: 'co1' }))).toEqual({
      outcome: 'transfer',
      heirId: 'co2',
      rule: 'another-company-owner',
      takesSubscriptionOwnership: false,
      removesCompanyOwnership: true,
    }));

  it('1. chooses the longest-standing among several company owners', () =>
    expect(
      decideHeir(
        facts({
          userId: 'co3',
          companyOwners: [
            { userId: 'co1', active: true },
            { userId: 'co2', active: true },
            { userId: 'co3', active: true },
          ],
        }),
      ),
    ).toMatchObject({ heirId: 'co1' }));

  it('1. skips disabled company owners', () =>
    expect(
      decideHeir(
        facts({
          userId: 'co3',
          companyOwners: [
            { userId: 'co1', active: false },
            { userId: 'co2', active: true },
            { userId: 'co3', active: true },
          ],
        }),
      ),
    ).toMatchObject({ heirId: 'co2' }));

  it('1. refuses the only company owner, even if it owns nothing', () => {
    const decision = decideHeir(
      facts({ userId: 'co1', companyOwners: [{ userId: 'co1', active: true }], ownsSomething: false }),
    );
    expect(decision).toMatchObject({ outcome: 'refused', reason: 'only-company-owner' });
    expect(decision.outcome === 'refused' && decision.detail).toMatch(/assign another company owner first/);
  });

  it('1. refuses a company owner whose fellow company owners are all disabled', () =>
    expect(
      decideHeir(
        facts({
          userId: 'co1',
          companyOwners: [
            { userId: 'co1', active: true },
            { userId: 'co2', active: false },
          ],
        }),
      ),
    ).toMatchObject({ outcome: 'refused', reason: 'only-company-owner' }));

  it('1+2. a company owner who is also subscription owner passes both to another company owner', () =>
    expect(decideHeir(facts({ userId: 'co1', subscriptionOwner: 'co1' }))).toEqual({
      outcome: 'transfer',
      heirId: 'co2',
      rule: 'another-company-owner',
      takesSubscriptionOwnership: true,
      removesCompanyOwnership: true,
    }));

  it('1. takes precedence over the manager', () =>
    expect(decideHeir(facts({ userId: 'co1', manager: { userId: 'boss', active: true } }))).toMatchObject({
      heirId: 'co2',
    }));
});
