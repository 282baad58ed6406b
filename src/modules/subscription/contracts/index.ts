export * from './provisioning-policy';
export * from './subscription.events';
export * from './subscription.queries';
export * from './subscription.views';
