import { expect } from '@jest/globals';
import { forwardedHosts } from '../../../src/modules/provisioning/api/forwarded-hosts';

describe('forwardedHosts', () => {
  it('is empty without a proxy header', () => {
    expect(forwardedHosts({ host: 'users-acme.example.com' })).toEqual([]);
  });

  it('lists X-Forwarded-Host values in order, trimmed, repeated headers included', () => {
    expect(forwardedHosts({ 'x-forwarded-host': ' users-a.example.com , proxy.internal,' })).toEqual([
      'users-a.example.com',
      'proxy.internal',
    ]);
    expect(forwardedHosts({ 'x-forwarded-host': 'users-a.example.com, users-b.example.com' })).toEqual([
      'users-a.example.com',
      'users-b.example.com',
    ]);
  });

  it('reads host= of every Forwarded element (RFC 7239), quoted or not, any case', () => {
    expect(
      forwardedHosts({
        forwarded:
          'for=192.0.2.60;proto=https;Host="users-a.example.com:443", for=10.0.0.1;host=lb.internal;by=x',
      }),
    ).toEqual(['users-a.example.com:443', 'lb.internal']);
    expect(forwardedHosts({ forwarded: 'for=192.0.2.60;proto=https' })).toEqual([]);
    expect(forwardedHosts({ forwarded: 'host=""' })).toEqual([]);
  });

  it('puts X-Forwarded-Host before Forwarded', () => {
    expect(forwardedHosts({ forwarded: 'host=b.example.com', 'x-forwarded-host': 'a.example.com' })).toEqual([
      'a.example.com',
      'b.example.com',
    ]);
  });
});
