import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { AllStreamPosition, Empty, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
} from '@eventstore/db-client/generated/streams_pb';
import {
  ANY,
  AppendOutcome,
  ExpectedVersion,
  NO_STREAM,
  ProposedEvent,
  STREAM_EXISTS,
} from './in-memory-log';
import { uuidString } from './proto';

/** Request and response shapes of Streams.Append and Streams.BatchAppend, as EventStoreDB 24.10 sends them. */

type Proposed = AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage;

export class MissingMetadataError extends Error {
  constructor(readonly property: string) {
    super(`required metadata property missing: ${property}`);
  }
}

export function proposedEvent(message: Proposed): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  if (type === undefined) throw new MissingMetadataError('type');
  const contentType = metadata.get('content-type');
  if (contentType === undefined) throw new MissingMetadataError('content-type');
  return {
    id: uuidString(message.getId()),
    type,
    contentType,
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

export function appendExpectedVersion(options: AppendReq.Options): ExpectedVersion {
  if (options.hasRevision()) return Number(options.getRevision());
  if (options.hasNoStream()) return NO_STREAM;
  if (options.hasStreamExists()) return STREAM_EXISTS;
  return ANY;
}

export function batchExpectedVersion(options: BatchAppendReq.Options): ExpectedVersion {
  if (options.hasStreamPosition()) return Number(options.getStreamPosition());
  if (options.hasNoStream()) return NO_STREAM;
  if (options.hasStreamExists()) return STREAM_EXISTS;
  return ANY;
}

/** Append answers a wrong expected version in the response body, not as a gRPC error. */
export function appendResponse(outcome: AppendOutcome, expected: ExpectedVersion): AppendResp {
  if (outcome.kind === 'wrong-expected-version') {
    const wrong = new AppendResp.WrongExpectedVersion();
    if (expected === ANY) wrong.setExpectedAny(new Empty());
    else if (expected === STREAM_EXISTS) wrong.setExpectedStreamExists(new Empty());
    else if (expected === NO_STREAM) wrong.setExpectedNoStream(new Empty());
    else wrong.setExpectedRevision(String(expected));
    if (outcome.currentRevision < 0) wrong.setCurrentNoStream(new Empty());
    else wrong.setCurrentRevision(String(outcome.currentRevision));
    return new AppendResp().setWrongExpectedVersion(wrong);
  }
  const success = new AppendResp.Success();
  if (outcome.lastRevision < 0) success.setNoStream(new Empty());
  else success.setCurrentRevision(String(outcome.lastRevision));
  if (outcome.position === null) success.setNoPosition(new Empty());
  else
    success.setPosition(
      new AppendResp.Position()
        .setCommitPosition(outcome.position.toString())
        .setPreparePosition(outcome.position.toString()),
    );
  return new AppendResp().setSuccess(success);
}

/** BatchAppend answers a wrong expected version as a google.rpc.Status with packed details. */
export function batchResult(
  response: BatchAppendResp,
  outcome: AppendOutcome,
  expected: ExpectedVersion,
): void {
  if (outcome.kind === 'wrong-expected-version') {
    const details = new WrongExpectedVersion();
    if (outcome.currentRevision < 0) details.setCurrentNoStream(new ProtobufEmpty());
    else details.setCurrentStreamRevision(String(outcome.currentRevision));
    if (expected === ANY) details.setExpectedAny(new ProtobufEmpty());
    else if (expected === STREAM_EXISTS) details.setExpectedStreamExists(new ProtobufEmpty());
    else if (expected === NO_STREAM) details.setExpectedNoStream(new ProtobufEmpty());
    else details.setExpectedStreamPosition(String(expected));
    response.setError(
      statusWithDetails(Code.ALREADY_EXISTS, 'WrongExpectedVersion', details, 'WrongExpectedVersion'),
    );
    return;
  }
  const success = new BatchAppendResp.Success();
  if (outcome.lastRevision < 0) success.setNoStream(new ProtobufEmpty());
  else success.setCurrentRevision(String(outcome.lastRevision));
  if (outcome.position === null) success.setNoPosition(new ProtobufEmpty());
  else
    success.setPosition(
      new AllStreamPosition()
        .setCommitPosition(outcome.position.toString())
        .setPreparePosition(outcome.position.toString()),
    );
  response.setSuccess(success);
}

export function statusWithDetails(
  code: Code,
  message: string,
  details: { serializeBinary(): Uint8Array },
  typeName: string,
): Status {
  const any = new Any();
  any.pack(details.serializeBinary(), `event_store.client.${typeName}`);
  return new Status().setCode(code).setMessage(message).setDetails(any);
}
