/**
 * Groups in one chain of nesting (a user in the innermost is in all of them): a user's `groups`
 * are found by walking up that many levels, so deeper nesting is refused, not cut short.
 */
export const MAX_NESTED_GROUPS = 33;
