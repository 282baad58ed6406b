import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import { StoredEvent } from './in-memory-log';

type FilterOptions = ReadReq.Options.FilterOptions;

// EventStoreDB's default search window when the client asks for "count" instead of "max".
const DEFAULT_SEARCH_WINDOW = 32;

export interface EventFilter {
  matches(event: StoredEvent): boolean;
  /** Checkpoint every this many considered events (filtered subscriptions only). */
  checkpointInterval: number;
}

export const NO_FILTER: EventFilter = { matches: () => true, checkpointInterval: Infinity };

/** Server-side $all filter: a regex (unanchored, as .NET Regex.IsMatch) or prefixes, on stream or type. */
export function eventFilter(options: ReadReq.Options): EventFilter {
  if (!options.hasFilter()) return NO_FILTER;
  const filter: FilterOptions = options.getFilter()!;
  const onType = filter.hasEventType();
  const expression = onType ? filter.getEventType()! : filter.getStreamIdentifier();
  if (!expression) throw new Error('filter without expression');
  const regex = expression.getRegex();
  const prefixes = expression.getPrefixList();
  const pattern = regex ? new RegExp(regex) : undefined;
  const test = (value: string): boolean =>
    pattern ? pattern.test(value) : prefixes.some((prefix) => value.startsWith(prefix));
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_SEARCH_WINDOW;
  return {
    matches: (event) => test(onType ? event.type : event.streamId),
    checkpointInterval: Math.max(1, filter.getCheckpointintervalmultiplier()) * window,
  };
}
