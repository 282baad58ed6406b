// Moved to the platform: Identity serialises group nesting changes with it too.
export { KeyedLock } from '../../../platform/es/keyed-lock';
