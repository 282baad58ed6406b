export * from './provisioning-policy';
export * from './subscription.events';
export * from './subscription.queries';
export * from './subscription.views';
export * from './subscription-roles';
export * from './subscription-roles.commands';
export * from './subscription-stream';
