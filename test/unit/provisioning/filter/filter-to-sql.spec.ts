import Database from 'better-sqlite3';
import { FilterError, parseFilter } from '../../../../src/modules/provisioning/domain/filter';
import {
  raw,
  translateFilter,
} from '../../../../src/modules/provisioning/infrastructure/read-model/scim-query';
import { addMember, createReadModel, idsMatching, putResource } from './scim-read-model.fixture';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function seed(db: Database.Database): void {
  putResource(db, 's1', 'User', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
    id: 'u1',
    externalId: 'ext-A',
    userName: 'Alice@Contoso.com',
    active: true,
    displayName: 'Alice Smith',
    title: 'Engineer',
    name: { givenName: 'Alice', familyName: 'Smith' },
    emails: [
      { type: 'work', value: 'alice@contoso.com', primary: true },
      { type: 'home', value: 'alice@home.org' },
    ],
    [ENTERPRISE]: { employeeNumber: '100', department: 'Sales', manager: { value: 'u2' } },
    meta: { resourceType: 'User', created: '2024-01-01T00:00:00Z', lastModified: '2024-03-01T00:00:00Z' },
  });
  putResource(db, 's1', 'User', {
    id: 'u2',
    externalId: 'EXT-a',
    userName: 'bob@contoso.com',
    active: false,
    displayName: 'Bob',
    name: { familyName: 'Brown' },
    emails: [
      { type: 'home', value: 'bob@contoso.com' },
      { type: 'work', value: 'bob@work.io' },
    ],
    meta: {
      resourceType: 'User',
      created: '2024-02-01T00:00:00Z',
      lastModified: '2024-02-15T00:00:00Z',
      version: 'W/"7"',
    },
  });
  putResource(db, 's1', 'User', {
    id: 'u3',
    userName: 'carol_x%@contoso.com',
    active: true,
    meta: { resourceType: 'User', created: '2024-03-01T00:00:00Z', lastModified: '2024-04-01T00:00:00Z' },
  });
  putResource(db, 's1', 'User', {
    id: 'u4',
    externalId: 'ext-d',
    userName: 'Dave@example.org',
    active: true,
    title: 'engineer lead',
    emails: [
      { type: 'work', value: 'dave@example.org' },
      { type: 'home', value: 'work@example.org' },
    ],
    meta: {
      resourceType: 'User',
      created: '2023-12-31T23:00:00-02:00',
      lastModified: '2024-01-02T00:00:00Z',
    },
  });
  putResource(db, 's1', 'User', { id: 'u5', userName: 'eve', emails: [{ value: 'eve@untyped.net' }] });
  // Another subscription with a look-alike user: never visible from s1.
  putResource(db, 's2', 'User', { id: 'u9', userName: 'alice@contoso.com', externalId: 'ext-A' });

  putResource(db, 's1', 'Group', { id: 'g1', displayName: 'Sales', members: [{ value: 'u1' }] });
  putResource(db, 's1', 'Group', { id: 'g2', displayName: 'Engineering' });
  putResource(db, 's1', 'Group', { id: 'g3', displayName: 'Empty' });
  putResource(db, 's2', 'Group', { id: 'g9', displayName: 'Sales' });
  addMember(db, 's1', 'g1', 'u1');
  addMember(db, 's1', 'g1', 'u2');
  addMember(db, 's1', 'g2', 'u4');
  addMember(db, 's1', 'g2', 'g1', 'Group');
  addMember(db, 's2', 'g9', 'u1');
}

describe('translateFilter on the read model', () => {
  const db = createReadModel();
  seed(db);
  const users = (filter: string) => idsMatching(db, 's1', 'User', filter);
  const groups = (filter: string) => idsMatching(db, 's1', 'Group', filter);

  describe('Entra look-ups', () => {
    it('userName eq is case-insensitive (caseExact false)', () => {
      expect(users('userName eq "alice@contoso.com"')).toEqual(['u1']);
      expect(users('userName eq "ALICE@CONTOSO.COM"')).toEqual(['u1']);
      expect(users('UserName EQ "Test_User_ab6490ee@testuser.com"')).toEqual([]);
    });

    it('stays inside the subscription', () => {
      expect(idsMatching(db, 's2', 'User', 'userName eq "alice@contoso.com"')).toEqual(['u9']);
      expect(idsMatching(db, 's2', 'Group', 'displayName eq "sales"')).toEqual(['g9']);
      expect(idsMatching(db, 's2', 'Group', 'members.value eq "u2"')).toEqual([]);
    });

    it('externalId and id are caseExact', () => {
      expect(users('externalId eq "ext-A"')).toEqual(['u1']);
      expect(users('externalId eq "EXT-a"')).toEqual(['u2']);
      expect(users('externalId eq "EXT-A"')).toEqual([]);
      expect(users('id eq "u1"')).toEqual(['u1']);
      expect(users('id eq "U1"')).toEqual([]);
    });

    it('emails[type eq "work"].value eq: the same element', () => {
      expect(users('emails[type eq "work"].value eq "DAVE@example.org"')).toEqual(['u4']);
      // u4 has work@example.org, but on its home email.
      expect(users('emails[type eq "work"].value eq "work@example.org"')).toEqual([]);
      expect(users('emails[type eq "home"].value eq "work@example.org"')).toEqual(['u4']);
    });

    it('group displayName eq is case-insensitive', () => {
      expect(groups('displayName eq "sales"')).toEqual(['g1']);
      expect(groups('displayName eq "Sales" and id eq "g1"')).toEqual(['g1']);
    });
  });

  describe('multi-valued attributes', () => {
    it('without value path: any element', () => {
      expect(users('emails.value eq "bob@work.io"')).toEqual(['u2']);
      expect(users('emails eq "BOB@WORK.IO"')).toEqual(['u2']);
      expect(users('emails co "contoso"')).toEqual(['u1', 'u2']);
      expect(users('emails.type eq "work" and emails.value co "home"')).toEqual(['u1']);
    });

    it('value path: every condition on the same element', () => {
      expect(users('emails[type eq "work" and value co "home"]')).toEqual([]);
      expect(users('emails[type eq "home" and value co "work"]')).toEqual(['u4']);
      expect(users('emails[type eq "work" and value ew "contoso.com"]')).toEqual(['u1']);
      expect(users('emails[type eq "work" and primary eq true]')).toEqual(['u1']);
      expect(users('emails[value pr and type pr]')).toEqual(['u1', 'u2', 'u4']);
    });

    it('value path with or, and not inside', () => {
      expect(users('emails[type eq "home" or primary eq true]')).toEqual(['u1', 'u2', 'u4']);
      expect(users('emails[type eq "work" and (value sw "bob" or value sw "dave")]')).toEqual(['u2', 'u4']);
      expect(users('emails[not (type eq "work")]')).toEqual(['u1', 'u2', 'u4', 'u5']);
      expect(users('emails[type ne "home"]')).toEqual(['u1', 'u2', 'u4', 'u5']);
      expect(users('emails[type eq "work" and not (value co "contoso")]')).toEqual(['u2', 'u4']);
    });

    it('not of a value path: no such element', () => {
      expect(users('not (emails[type eq "work"])')).toEqual(['u3', 'u5']);
    });

    it('on single-valued complex attributes', () => {
      expect(users(`${ENTERPRISE}:manager[value eq "u2"]`)).toEqual(['u1']);
      expect(users('name[givenName eq "alice" and familyName eq "smith"]')).toEqual(['u1']);
      expect(users('name[givenName pr and familyName eq "brown"]')).toEqual([]);
    });
  });

  describe('pr, not, ne, null', () => {
    it('pr: a non-empty value exists', () => {
      expect(users('title pr')).toEqual(['u1', 'u4']);
      expect(users('externalId pr')).toEqual(['u1', 'u2', 'u4']);
      expect(users('emails pr')).toEqual(['u1', 'u2', 'u4', 'u5']);
      expect(users('name pr')).toEqual(['u1', 'u2']);
      expect(users('meta pr')).toEqual(['u1', 'u2', 'u3', 'u4']);
    });

    it('not is the complement within the subscription', () => {
      expect(users('not (title pr)')).toEqual(['u2', 'u3', 'u5']);
      expect(users('not (not (title pr))')).toEqual(['u1', 'u4']);
    });

    it('ne is not(eq): resources without the attribute match', () => {
      expect(users('title ne "ENGINEER"')).toEqual(['u2', 'u3', 'u4', 'u5']);
      expect(users('active ne true')).toEqual(['u2', 'u5']);
      expect(users('emails.type ne "work"')).toEqual(['u3', 'u5']);
    });

    it('eq null is "absent", ne null is "present"', () => {
      expect(users('title eq null')).toEqual(['u2', 'u3', 'u5']);
      expect(users('title ne null')).toEqual(['u1', 'u4']);
    });
  });

  describe('logic', () => {
    it('or', () => {
      expect(users('userName eq "bob@contoso.com" or externalId eq "ext-d"')).toEqual(['u2', 'u4']);
    });

    it('and binds tighter than or', () => {
      expect(users('active eq true and title pr or userName sw "bob"')).toEqual(['u1', 'u2', 'u4']);
      expect(users('active eq true and (title pr or userName sw "bob")')).toEqual(['u1', 'u4']);
    });

    it('id batches', () => {
      expect(users('id eq "u1" or id eq "u3" or id eq "nope" or ID eq "u5"')).toEqual(['u1', 'u3', 'u5']);
    });

    it('mixed', () => {
      expect(users('(userName sw "a" or userName sw "b") and not (active eq false)')).toEqual(['u1']);
      expect(users('not (userName sw "a" or userName sw "b") and emails pr')).toEqual(['u4', 'u5']);
      expect(users('(title pr or emails[type eq "home"]) and (externalId pr and not (id eq "u4"))')).toEqual([
        'u1',
        'u2',
      ]);
    });

    it('a wide or of non-mergeable terms (the most a filter may hold)', () => {
      const terms = Array.from({ length: 97 }, (_, i) => `userName sw "zz${i}"`);
      expect(users([...terms, 'userName sw "eve"'].join(' or '))).toEqual(['u5']);
      expect(users(['not (id pr)', ...terms, 'title co "lead"'].join(' or '))).toEqual(['u4']);
    });

    it('a deep chain of and stays within SQLite expression limits', () => {
      const terms = Array.from({ length: 99 }, () => 'userName sw "e"');
      expect(users([...terms, 'userName eq "eve"'].join(' and '))).toEqual(['u5']);
    });
  });

  describe('strings', () => {
    it('sw is a prefix match, % and _ are literal', () => {
      expect(users('userName sw "CAROL_X%"')).toEqual(['u3']);
      expect(users('userName sw "carol_y"')).toEqual([]);
      expect(users('userName sw "c%"')).toEqual([]);
      expect(users('userName sw ""')).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    });

    it('co and ew', () => {
      expect(users('userName co "_X%"')).toEqual(['u3']);
      expect(users('userName co "%"')).toEqual(['u3']);
      expect(users('userName ew "@CONTOSO.COM"')).toEqual(['u1', 'u2', 'u3']);
      expect(users('displayName co "smi"')).toEqual(['u1']);
    });

    it('co/sw/ew are case-sensitive on caseExact attributes', () => {
      expect(users('externalId sw "ext"')).toEqual(['u1', 'u4']);
      expect(users('externalId co "A"')).toEqual(['u1']);
      expect(users('externalId ew "a"')).toEqual(['u2']);
    });

    it('gt ge lt le compare lexicographically, case-insensitively for caseExact false', () => {
      expect(users('userName lt "B"')).toEqual(['u1']);
      expect(users('userName le "bob@contoso.com"')).toEqual(['u1', 'u2']);
      expect(users('userName ge "D"')).toEqual(['u4', 'u5']);
      expect(users('userName gt "dave@example.org"')).toEqual(['u5']);
    });

    it('unicode prefixes', () => {
      const local = createReadModel();
      putResource(local, 's', 'User', { id: 'a', userName: 'Zoë@x' });
      putResource(local, 's', 'User', { id: 'b', userName: 'zoe@x' });
      putResource(local, 's', 'User', { id: 'c', userName: 'zo\u{10ffff}x' });
      expect(idsMatching(local, 's', 'User', 'userName sw "ZOË"')).toEqual(['a']);
      expect(idsMatching(local, 's', 'User', 'userName sw "zo"')).toEqual(['a', 'b', 'c']);
      expect(idsMatching(local, 's', 'User', 'userName sw "zo\\udbff\\udfff"')).toEqual(['c']);
    });
  });

  describe('dates', () => {
    it('compare as instants, whatever the operand zone', () => {
      expect(users('meta.created gt "2024-01-01T00:00:00Z"')).toEqual(['u2', 'u3', 'u4']);
      expect(users('meta.created ge "2024-01-01T00:00:00Z"')).toEqual(['u1', 'u2', 'u3', 'u4']);
      expect(users('meta.created lt "2024-01-01T01:00:00Z"')).toEqual(['u1']);
      expect(users('meta.created eq "2024-01-01T02:00:00+02:00"')).toEqual(['u1']);
      expect(users('meta.lastModified le "2024-02-15"')).toEqual(['u2', 'u4']);
      expect(
        users('meta.lastModified gt "2024-02-15T00:00:00.000Z" and meta.lastModified lt "2024-04-01"'),
      ).toEqual(['u1']);
    });

    it('operands finer than a millisecond compare exactly (stored instants have milliseconds)', () => {
      // u1 was created at 2024-01-01T00:00:00.000Z.
      expect(users('meta.created ge "2024-01-01T00:00:00.0001Z"')).toEqual(['u2', 'u3', 'u4']);
      expect(users('meta.created gt "2024-01-01T00:00:00.0001Z"')).toEqual(['u2', 'u3', 'u4']);
      expect(users('meta.created lt "2023-12-31T23:59:59.9999Z"')).toEqual([]);
      expect(users('meta.created le "2024-01-01T00:00:00.0009Z"')).toEqual(['u1']);
      expect(users('meta.created eq "2024-01-01T00:00:00.0001Z"')).toEqual([]);
      expect(users('meta.created eq "2024-01-01T00:00:00.0000Z"')).toEqual(['u1']);
      expect(
        users('meta.created eq "2024-01-01T00:00:00.0001Z" or meta.created eq "2024-01-01T00:00:00Z"'),
      ).toEqual(['u1']);
    });

    it('sw on the ISO text', () => {
      expect(users('meta.created sw "2024-0"')).toEqual(['u1', 'u2', 'u3', 'u4']);
      expect(users('meta.lastModified sw "2024-02"')).toEqual(['u2']);
    });
  });

  describe('other types and paths', () => {
    it('booleans', () => {
      expect(users('active eq true')).toEqual(['u1', 'u3', 'u4']);
      expect(users('active eq false')).toEqual(['u2']);
      expect(users('active eq "False"')).toEqual(['u2']);
    });

    it('enterprise extension, with and without URN', () => {
      expect(users(`${ENTERPRISE}:employeeNumber eq "100"`)).toEqual(['u1']);
      expect(users('department eq "sales"')).toEqual(['u1']);
      expect(users(`${ENTERPRISE}:manager.value eq "u2"`)).toEqual(['u1']);
      expect(users('manager.value eq "U2"')).toEqual([]);
    });

    it('schemas (from the document, not scim_attr)', () => {
      expect(users(`schemas eq "${ENTERPRISE}"`)).toEqual(['u1']);
      expect(users(`schemas eq "${ENTERPRISE.toUpperCase()}"`)).toEqual(['u1']);
      expect(users('schemas sw "urn:ietf:params:scim:schemas:extension:"')).toEqual(['u1']);
      expect(users('schemas pr')).toEqual(['u1']);
      expect(users(`not (schemas eq "${ENTERPRISE}")`)).toEqual(['u2', 'u3', 'u4', 'u5']);
      expect(users(`userName sw "a" and schemas eq "${ENTERPRISE}"`)).toEqual(['u1']);
      expect(users(`schemas eq "${ENTERPRISE}" or userName eq "eve"`)).toEqual(['u1', 'u5']);
    });

    it('meta.resourceType and meta.version (from the resource row, not scim_attr)', () => {
      // Every stored resource has them: the type of its row, the version column (0 here).
      expect(users('meta.resourceType eq "User"')).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
      expect(users('meta.resourceType eq "user"')).toEqual([]);
      expect(groups('meta.resourceType eq "Group" and displayName sw "e"')).toEqual(['g2', 'g3']);
      expect(users('meta.version eq "W/\\"7\\""')).toEqual(['u2']);
      expect(users('meta[version eq "W/\\"7\\""]')).toEqual(['u2']);
      expect(users('meta.version ne "W/\\"0\\"" and active eq false')).toEqual(['u2']);
      expect(users('meta.version pr and userName eq "eve"')).toEqual(['u5']);
    });

    it('sub-attributes and URN core paths', () => {
      expect(users('name.familyName eq "SMITH"')).toEqual(['u1']);
      expect(users('urn:ietf:params:scim:schemas:core:2.0:User:name.familyName sw "b"')).toEqual(['u2']);
    });
  });

  describe('memberships', () => {
    it('group members', () => {
      expect(groups('members.value eq "u1"')).toEqual(['g1']);
      expect(groups('members eq "u4"')).toEqual(['g2']);
      expect(groups('members[value eq "u4"]')).toEqual(['g2']);
      expect(groups('members[value eq "u1" or value eq "u4"]')).toEqual(['g1', 'g2']);
      expect(groups('members pr')).toEqual(['g1', 'g2']);
      expect(groups('not (members pr)')).toEqual(['g3']);
      expect(groups('members[type eq "group"]')).toEqual(['g2']);
      expect(groups('members[value eq "g1" and type eq "Group"]')).toEqual(['g2']);
      expect(groups('members[value eq "u4" and type eq "Group"]')).toEqual([]);
      expect(groups('members.value eq "u2" and displayName sw "S"')).toEqual(['g1']);
      expect(groups('members.value ne "u1"')).toEqual(['g2', 'g3']);
    });

    it('members.display is the member displayName', () => {
      expect(groups('members.display eq "alice smith"')).toEqual(['g1']);
      expect(groups('members[display sw "sal"]')).toEqual(['g2']);
    });

    it('user groups: direct and through nested groups (g1 is a member of g2)', () => {
      expect(users('groups.value eq "g1"')).toEqual(['u1', 'u2']);
      expect(users('groups.value eq "g2"')).toEqual(['u1', 'u2', 'u4']);
      expect(users('groups[display eq "engineering"]')).toEqual(['u1', 'u2', 'u4']);
      expect(users('groups[display eq "engineering" and type eq "direct"]')).toEqual(['u4']);
      expect(users('groups[value eq "g2" and type eq "indirect"]')).toEqual(['u1', 'u2']);
      expect(users('groups[type eq "indirect"]')).toEqual(['u1', 'u2']);
      expect(users('groups pr')).toEqual(['u1', 'u2', 'u4']);
      expect(users('not (groups pr)')).toEqual(['u3', 'u5']);
      expect(users('not (groups[type eq "indirect"])')).toEqual(['u3', 'u4', 'u5']);
    });

    it('user groups checked per user (walking up)', () => {
      expect(
        users('userName eq "alice@contoso.com" and groups[value eq "g2" and type eq "indirect"]'),
      ).toEqual(['u1']);
      expect(users('userName sw "" and not (groups.value eq "g2")')).toEqual(['u3', 'u5']);
      expect(users('id pr and groups.display sw "sal"')).toEqual(['u1', 'u2']);
    });

    it('$ref cannot be filtered on', () => {
      expect(() => translateFilter(parseFilter('members.$ref pr', 'Group'), 'Group', raw('r.sub'))).toThrow(
        new FilterError('Filtering on "members.$ref" is not supported: filter on members.value'),
      );
    });
  });

  it('values never reach the SQL text', () => {
    const where = translateFilter(parseFilter(`userName eq "x' OR 1=1 --"`, 'User'), 'User', raw('r.sub'));
    expect(where.sql).not.toContain('1=1');
    expect(where.params).toContain("x' or 1=1 --");
    expect(users(`userName eq "x' OR 1=1 --"`)).toEqual([]);
  });
});
