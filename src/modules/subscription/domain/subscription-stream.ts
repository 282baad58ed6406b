const PREFIX = 'subscription-';

export function subscriptionStream(name: string): string {
  return `${PREFIX}${name}`;
}

/** The subscription name of a subscription stream, or null for any other stream. */
export function subscriptionOfStream(streamId: string): string | null {
  return streamId.startsWith(PREFIX) ? streamId.slice(PREFIX.length) : null;
}
