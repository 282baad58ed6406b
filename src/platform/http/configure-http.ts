import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../config/app-config';

/** Fastify settings every route relies on: SCIM's media type, body limit, correlation ids. */
export function configureHttp(app: NestFastifyApplication, config: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  // RFC 7644 3.8: clients send application/scim+json; parse it exactly like JSON.
  fastify.addContentTypeParser(
    ['application/scim+json'],
    { parseAs: 'string', bodyLimit: config.maxBodyBytes },
    (_req, body, done) => {
      try {
        done(null, body === '' ? undefined : JSON.parse(body as string));
      } catch (error) {
        (error as { statusCode?: number }).statusCode = 400;
        done(error as Error, undefined);
      }
    },
  );
  fastify.addHook('onSend', (request, reply, _payload, done) => {
    reply.header('x-correlation-id', request.id);
    done();
  });
}
