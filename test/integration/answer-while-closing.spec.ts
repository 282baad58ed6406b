import * as net from 'node:net';
import Fastify from 'fastify';
import pino from 'pino';
import { answerWhileClosing } from '../../src/modules/provisioning/api/scim-exception.filter';

/**
 * A request that arrives while the server drains (SIGTERM) on a connection still in use: Fastify
 * answered it with its own JSON; it is a 503 in its API's error shape, with Retry-After.
 */
describe('answerWhileClosing', () => {
  it('answers a SCIM request arriving during the drain with a SCIM 503 and Retry-After', async () => {
    const app = Fastify({ return503OnClosing: false, forceCloseConnections: 'idle' });
    answerWhileClosing(app, pino({ level: 'silent' }));
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    app.get('/scim/v2/slow', async () => {
      await held;
      return { ok: true };
    });
    app.get('/scim/v2/Users', async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as net.AddressInfo;

    // One request in flight, then another pipelined on its connection after close() began.
    const socket = net.connect(port, '127.0.0.1');
    let answers = '';
    socket.on('data', (chunk: Buffer) => (answers += chunk.toString()));
    socket.write('GET /scim/v2/slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = app.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.write('GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n\r\n');
    release();
    await new Promise((resolve) => socket.on('close', resolve));
    await closed;

    const responses = answers.split(/(?=HTTP\/1\.1 )/);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 200/);
    expect(responses[1]).toMatch(/^HTTP\/1\.1 503/);
    expect(responses[1]).toMatch(/retry-after: 5/i);
    expect(responses[1]).toMatch(/content-type: application\/scim\+json/i);
    expect(JSON.parse(responses[1].slice(responses[1].indexOf('\r\n\r\n') + 4))).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '503',
      detail: 'the service is shutting down; retry shortly',
    });
  });
});
