/**
 * A filter, sortBy or attribute list that cannot be used. The HTTP layer answers 400 with
 * scimType invalidFilter and this message as detail.
 */
export class FilterError extends Error {
  readonly scimType = 'invalidFilter';

  constructor(
    message: string,
    /** 0-based offset in the filter text, when the problem has a place. */
    readonly position?: number,
  ) {
    super(position === undefined ? message : `${message} at position ${position}`);
    this.name = 'FilterError';
  }
}
