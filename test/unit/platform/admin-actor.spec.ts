import { BadRequestException } from '@nestjs/common';
import { adminActor } from '../../../src/platform/http/admin/admin-context.decorator';

describe('adminActor: who an admin API change is recorded as', () => {
  it('admin without the header; admin:<person> with it', () => {
    expect(adminActor(undefined)).toBe('admin');
    expect(adminActor('jane.doe+ops@contoso.com')).toBe('admin:jane.doe+ops@contoso.com');
    expect(adminActor(['jdoe', 'other'])).toBe('admin:jdoe');
  });

  it.each(['', 'x'.repeat(129), 'jane doe', 'a\nb', 'admin:root', 'ü@x'])('refuses %j', (value) => {
    expect(() => adminActor(value)).toThrow(BadRequestException);
  });
});
