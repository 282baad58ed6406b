import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { JsonBodyTooDeepError, MAX_JSON_DEPTH, jsonDeeperThan } from './json-depth';
import { assertNoLoneSurrogates, utf8Text } from './json-text';

type ParserDone = (error: Error | null, body?: unknown) => void;

/** Fastify settings every route relies on: SCIM's media type, body limit and depth, correlation ids. */
export function configureHttp(app: NestFastifyApplication, config: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  replaceJsonParser(fastify, config.maxBodyBytes);
  // Both APIs take JSON only: a text/plain body answers 415 like any other media type, instead of
  // reaching the handlers as a string (a misleading "must be a JSON object").
  fastify.removeContentTypeParser('text/plain');
  // RFC 7644 3.8: clients send application/scim+json; parse it exactly like JSON.
  fastify.addContentTypeParser(
    ['application/scim+json'],
    { parseAs: 'buffer', bodyLimit: config.maxBodyBytes },
    (_req, body, done) => {
      let parsed: unknown;
      let text: string;
      try {
        // A UTF-8 byte order mark (some .NET clients) is not JSON; Fastify's JSON parser drops it too.
        text = utf8Text(body as Buffer).replace(/^\uFEFF/, '');
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch (error) {
        (error as { statusCode?: number }).statusCode = 400;
        return done(error as Error, undefined);
      }
      finishParse(text, parsed, done);
    },
  );
  fastify.addHook('onSend', (request, reply, _payload, done) => {
    reply.header('x-correlation-id', request.id);
    done();
  });
}

/** Fastify's own JSON parser (with its prototype-poisoning checks), plus the depth limit. */
function replaceJsonParser(fastify: FastifyInstance, bodyLimit: number): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    // merge-patch+json: the admin API's profile edit is a JSON merge patch (RFC 7396).
    ['application/json', 'application/merge-patch+json'],
    { parseAs: 'buffer', bodyLimit },
    (request: FastifyRequest, body: Buffer, done: ParserDone) => {
      let text: string;
      try {
        text = utf8Text(body);
      } catch (error) {
        return done(error as Error);
      }
      // An empty body reads as none (curl -X POST -H 'content-type: application/json' .../disable),
      // as it does for application/scim+json; Fastify's own parser refuses it.
      if (text === '') return done(null, undefined);
      void parseJson(request, text, (error: Error | null, parsed?: unknown) =>
        error ? done(error) : finishParse(text, parsed, done),
      );
    },
  );
}

function finishParse(text: string, parsed: unknown, done: ParserDone): void {
  if (jsonDeeperThan(parsed, MAX_JSON_DEPTH)) return done(new JsonBodyTooDeepError(), undefined);
  try {
    assertNoLoneSurrogates(text, parsed);
  } catch (error) {
    return done(error as Error, undefined);
  }
  done(null, parsed);
}
