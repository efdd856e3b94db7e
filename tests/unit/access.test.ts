import { describe, expect, it } from 'vitest';
import { decideAccess } from '../../src/web/access.ts';
import { safeNext } from '../../src/web/forms.ts';
import type { Actor } from '../../src/web/types.ts';

function actor(over: Partial<Actor> = {}): Actor {
  return {
    accountId: 'a', login: 'x', fullName: 'X', mustChangePassword: false, isOperator: false,
    twoFactor: { offered: true, enabled: false, required: false },
    schools: [{ id: 's1', name: 'Школа', roles: ['teacher'] }], school: { id: 's1', name: 'Школа', timeZone: 'Europe/Moscow' }, roles: ['teacher'], kind: 'staff', person: { staffId: null, guardianId: null, studentId: null },
    ...over,
  };
}

describe('decideAccess', () => {
  it.each([
    { name: 'public for anyone', access: 'public' as const, a: null, ok: true },
    { name: 'account needs login', access: 'account' as const, a: null, reason: 'login' },
    { name: 'account for any logged-in', access: 'account' as const, a: actor(), ok: true },
    { name: 'role held', access: ['teacher', 'deputy'] as const, a: actor(), ok: true },
    { name: 'role not held', access: ['admin'] as const, a: actor(), reason: 'forbidden' },
    { name: 'forced password change first', access: ['teacher'] as const, a: actor({ mustChangePassword: true }), reason: 'password' },
    {
      name: 'a required second factor not enrolled: enroll first', access: ['teacher'] as const,
      a: actor({ twoFactor: { offered: true, enabled: false, required: true } }), reason: 'enroll',
    },
    {
      name: 'a required second factor enrolled', access: ['teacher'] as const,
      a: actor({ twoFactor: { offered: true, enabled: true, required: true } }), ok: true,
    },
    {
      name: 'the password change comes before enrolling', access: 'account' as const,
      a: actor({ mustChangePassword: true, twoFactor: { offered: true, enabled: false, required: true } }), reason: 'password',
    },
    { name: 'operator route for operator', access: ['operator'] as const, a: actor({ isOperator: true, roles: ['operator'], school: null, schools: [] }), ok: true },
    { name: 'operator route refused to admin', access: ['operator'] as const, a: actor({ roles: ['admin'] }), reason: 'forbidden' },
    { name: 'school route refused to operator', access: ['admin'] as const, a: actor({ isOperator: true, roles: ['operator'], school: null, schools: [] }), reason: 'forbidden' },
    {
      name: 'two schools, none picked', access: ['teacher'] as const,
      a: actor({ school: null, roles: [], schools: [{ id: 's1', name: 'A', roles: ['teacher'] }, { id: 's2', name: 'B', roles: ['teacher'] }] }),
      reason: 'pickSchool',
    },
  ])('$name', ({ access, a, ok, reason }) => {
    const d = decideAccess(access, a, false);
    if (ok) expect(d).toEqual({ ok: true });
    else expect(d).toEqual({ ok: false, reason });
  });

  it('lets the password page through during a forced change', () => {
    expect(decideAccess('account', actor({ mustChangePassword: true }), true)).toEqual({ ok: true });
  });

  it('lets the enrolling page (and logout, password) through while a required second factor is missing', () => {
    const a = actor({ twoFactor: { offered: true, enabled: false, required: true } });
    expect(decideAccess('account', a, false, true)).toEqual({ ok: true });
    expect(decideAccess('account', a, true, false)).toEqual({ ok: false, reason: 'enroll' });
  });
});

describe('safeNext', () => {
  it.each([
    ['/journal?x=1', '/journal?x=1'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    [undefined, '/'],
    ['/' + 'a'.repeat(600), '/'],
    // What a Location header cannot carry is percent-encoded (the form fuzz found POST /select-school never answering
    // to next=/…%FF: Node refused the header after the answer had begun).
    ['/people/students?q=Иванов', '/people/students?q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2'],
    ['/journal?q=%D0%98', '/journal?q=%D0%98'],
    ['/a b\u0000c\u0007d', '/a%20b%00c%07d'],
    ['/\ufffd\ud800', '/%EF%BF%BD%EF%BF%BD'],
    ['/\t/evil.example', '/'],
    ['/x?y=1#part', '/x?y=1#part'],
  ])('%s → %s', (input, out) => {
    expect(safeNext(input)).toBe(out);
  });
});
