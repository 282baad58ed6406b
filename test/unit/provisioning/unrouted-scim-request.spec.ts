import { unroutedScimAnswer } from '../../../src/modules/provisioning/api/unrouted-scim-request';

describe('unroutedScimAnswer: a SCIM request no route took', () => {
  it.each(['/scim/v2/Me', '/scim/v2/Me/', '/scim/v2/Me/anything'])(
    '%s answers 501 for any method',
    (path) => {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
        expect(unroutedScimAnswer(method, path, [])).toMatchObject({
          status: 501,
          detail: /\/Me is not supported/,
        });
    },
  );

  it('/Bulk answers 501 (bulk.supported is false)', () => {
    expect(unroutedScimAnswer('POST', '/scim/v2/Bulk', [])).toMatchObject({ status: 501, detail: /bulk/ });
  });

  it('a method the path has no route for answers 405 with Allow listing the ones it has', () => {
    const answer = unroutedScimAnswer('PUT', '/scim/v2/Users', ['GET', 'HEAD', 'POST']);
    expect(answer).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD, POST' } });
    expect(answer?.toBody()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '405',
      detail: 'PUT is not supported on this endpoint; it takes GET, HEAD, POST',
    });
  });

  it('an unknown path is left to the 404', () => {
    expect(unroutedScimAnswer('GET', '/scim/v2/Nope', [])).toBeUndefined();
    expect(unroutedScimAnswer('POST', '/scim/v2/.search', [])).toBeUndefined();
    expect(unroutedScimAnswer('GET', '/scim/v2/Mentors', [])).toBeUndefined();
    expect(unroutedScimAnswer('GET', '/scim/v2/Bulk/1', [])).toBeUndefined();
  });
});
