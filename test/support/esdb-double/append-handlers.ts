import { ServerDuplexStream, ServerReadableStream, sendUnaryData, status } from '@grpc/grpc-js';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { BadRequest } from '@eventstore/db-client/generated/shared_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
} from '@eventstore/db-client/generated/streams_pb';
import {
  MissingMetadataError,
  appendExpectedVersion,
  appendResponse,
  batchExpectedVersion,
  batchResult,
  proposedEvent,
  statusWithDetails,
} from './append-messages';
import { grpcError } from './call-io';
import { ExpectedVersion, InMemoryLog, ProposedEvent } from './in-memory-log';
import { streamIdentifier, streamName, uuidString } from './proto';

/** Streams.Append: options first, then one proposed message per event; one answer at the end. */
export function appendHandler(log: InMemoryLog) {
  return (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void => {
    let options: AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    let answered = false;
    const answer = (...args: Parameters<sendUnaryData<AppendResp>>): void => {
      if (answered) return;
      answered = true;
      callback(...args);
    };
    call.on('data', (request: AppendReq) => {
      try {
        if (request.hasOptions()) options = request.getOptions();
        else if (request.hasProposedMessage()) events.push(proposedEvent(request.getProposedMessage()!));
      } catch (error) {
        answer(missingMetadata(error));
      }
    });
    call.on('end', () => {
      if (!options) return answer(grpcError(status.INVALID_ARGUMENT, 'append options missing'));
      const expected = appendExpectedVersion(options);
      const outcome = log.append(streamName(options.getStreamIdentifier()), expected, events);
      answer(null, appendResponse(outcome, expected));
    });
  };
}

/**
 * Streams.BatchAppend: one long-lived duplex call per client; each write is keyed by a
 * correlation id and may span several requests until `is_final`.
 */
export function batchAppendHandler(log: InMemoryLog) {
  return (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
    const pending = new Map<
      string,
      { streamId: string; expected: ExpectedVersion; events: ProposedEvent[] }
    >();
    call.on('data', (request: BatchAppendReq) => {
      const correlationId = uuidString(request.getCorrelationId());
      const options = request.getOptions();
      if (options)
        pending.set(correlationId, {
          streamId: streamName(options.getStreamIdentifier()),
          expected: batchExpectedVersion(options),
          events: [],
        });
      const write = pending.get(correlationId);
      if (!write) return;
      const response = new BatchAppendResp()
        .setCorrelationId(request.getCorrelationId())
        .setStreamIdentifier(streamIdentifier(write.streamId));
      try {
        for (const message of request.getProposedMessagesList()) write.events.push(proposedEvent(message));
      } catch (error) {
        pending.delete(correlationId);
        const details = new BadRequest().setMessage(String(error));
        call.write(
          response.setError(statusWithDetails(Code.INVALID_ARGUMENT, 'BadRequest', details, 'BadRequest')),
        );
        return;
      }
      if (!request.getIsFinal()) return;
      pending.delete(correlationId);
      batchResult(response, log.append(write.streamId, write.expected, write.events), write.expected);
      call.write(response);
    });
    call.on('end', () => call.end());
  };
}

function missingMetadata(error: unknown) {
  if (!(error instanceof MissingMetadataError)) return grpcError(status.INVALID_ARGUMENT, String(error));
  return grpcError(status.INVALID_ARGUMENT, error.message, {
    exception: 'missing-required-metadata-property',
    'required-metadata-properties': error.property,
  });
}
