// Other modules that follow $all (e.g. the disable saga) read the subscription from the stream name.
export { subscriptionOfStream, subscriptionStream } from '../domain/subscription-stream';
