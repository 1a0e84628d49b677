import { describe, expect, it } from 'vitest';

import type { LabelRequirement } from './selectors';
import {
  SelectorError,
  fieldGetter,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';

const req = (key: string, op: LabelRequirement['op'], values: string[] = []): LabelRequirement => ({
  key,
  op,
  values,
});

describe('parseLabelSelector', () => {
  it.each<[string, LabelRequirement[]]>([
    ['', []],
    ['   ', []],
    ['app=web', [req('app', '=', ['web'])]],
    ['app==web', [req('app', '=', ['web'])]],
    ['app!=web', [req('app', '!=', ['web'])]],
    ['app=', [req('app', '=', [''])]],
    ['app in (a,b)', [req('app', 'in', ['a', 'b'])]],
    ['app notin (a,b)', [req('app', 'notin', ['a', 'b'])]],
    ['app', [req('app', 'exists')]],
    ['!app', [req('app', '!')]],
    ['replicas>5', [req('replicas', 'gt', ['5'])]],
    ['replicas<5', [req('replicas', 'lt', ['5'])]],
    ['app,app notin (reviews)', [req('app', 'exists'), req('app', 'notin', ['reviews'])]],
    ['env in ( a , b )', [req('env', 'in', ['a', 'b'])]],
    ['env in (b,a,b)', [req('env', 'in', ['a', 'b'])]],
    ['env in ()', [req('env', 'in', [''])]],
    ['env in (,a)', [req('env', 'in', ['', 'a'])]],
    [' a = b , ! c , d != e ', [req('a', '=', ['b']), req('c', '!'), req('d', '!=', ['e'])]],
    ['example.com/tier=front-end', [req('example.com/tier', '=', ['front-end'])]],
    // `in` and `notin` are only keywords in operator position.
    ['in=notin', [req('in', '=', ['notin'])]],
    ['x in (in,notin)', [req('x', 'in', ['in', 'notin'])]],
    ['a=b,c in (d),e', [req('a', '=', ['b']), req('c', 'in', ['d']), req('e', 'exists')]],
  ])('parses %j', (selector, expected) => {
    expect(parseLabelSelector(selector)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['a=(b', "unable to parse requirement: found '(', expected: identifier"],
    ['in (x)', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['(a)', "found '(', expected: !, identifier, or 'end of string'"],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['a,', "found '', expected: identifier after ','"],
    ['a,,b', "found ',', expected: identifier after ','"],
    ['!a=b', "unable to parse requirement: found 'a', expected: ',' or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['a in b', "unable to parse requirement: found 'b' expected: '('"],
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a in (b c)', "unable to parse requirement: found 'c', expected: ',' or ')'"],
    ['a in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    [
      'a>b',
      "values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer",
    ],
    ['a=b/c', 'values[0][a]: Invalid value: "b/c": a valid label must be an empty string'],
    ['a=' + 'v'.repeat(64), 'must be no more than 63 characters'],
    ['k'.repeat(64), 'name part must be no more than 63 characters'],
    ['a/b/c', 'a qualified name must consist of alphanumeric characters'],
    ['Bad_Prefix/x', 'prefix part a lowercase RFC 1123 subdomain'],
    ['/x', 'prefix part must be non-empty'],
    ['-a=b', '<nil>: Invalid value: "-a": name part must consist of'],
  ])('rejects %j', (selector, message) => {
    expect(() => parseLabelSelector(selector)).toThrow(SelectorError);
    expect(() => parseLabelSelector(selector)).toThrow(message);
  });

  it('accepts a 253-character prefix and a 63-character name', () => {
    const prefix = Array.from({ length: 4 }, () => 'p'.repeat(62)).join('.') + '.a';
    expect(prefix).toHaveLength(253);
    const key = `${prefix}/${'n'.repeat(63)}`;
    expect(parseLabelSelector(key)).toEqual([req(key, 'exists')]);
    expect(() => parseLabelSelector(`${prefix}x/n`)).toThrow('must be no more than 253 characters');
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', tier: 'frontend', replicas: '7', weird: 'x7' };

  it.each<[string, Record<string, string> | undefined, boolean]>([
    ['', undefined, true],
    ['', labels, true],
    ['app=web', labels, true],
    ['app=api', labels, false],
    ['app==web', labels, true],
    ['app!=web', labels, false],
    ['app!=api', labels, true],
    ['missing!=x', labels, true],
    ['missing!=x', undefined, true],
    ['missing=', labels, false],
    ['app in (api,web)', labels, true],
    ['app in (api,db)', labels, false],
    ['missing in (a)', labels, false],
    ['app notin (web)', labels, false],
    ['app notin (api)', labels, true],
    ['missing notin (a)', labels, true],
    ['app', labels, true],
    ['missing', labels, false],
    ['!missing', labels, true],
    ['!app', labels, false],
    ['!app', undefined, true],
    ['replicas>5', labels, true],
    ['replicas>7', labels, false],
    ['replicas<10', labels, true],
    ['replicas<7', labels, false],
    ['missing>1', labels, false],
    ['missing<1', labels, false],
    ['weird>1', labels, false],
    ['weird<100', labels, false],
    ['app,app notin (reviews)', labels, true],
    ['app,app notin (reviews)', { app: 'reviews' }, false],
    ['app,app notin (reviews)', { other: 'x' }, false],
    ['app=web,tier=frontend', labels, true],
    ['app=web,tier=backend', labels, false],
  ])('%j on %j is %s', (selector, set, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), set)).toBe(expected);
  });

  it('does not treat inherited properties as labels', () => {
    expect(matchesLabels(parseLabelSelector('toString'), {})).toBe(false);
    expect(matchesLabels(parseLabelSelector('!constructor'), {})).toBe(true);
  });
});

describe('parseFieldSelector', () => {
  const allowed = ['metadata.name', 'metadata.namespace', 'status.phase', 'spec.type'] as const;

  it.each<[string, ReturnType<typeof parseFieldSelector>]>([
    ['', []],
    ['metadata.name=web', [{ field: 'metadata.name', op: '=', value: 'web' }]],
    ['metadata.name==web', [{ field: 'metadata.name', op: '=', value: 'web' }]],
    ['metadata.name!=web', [{ field: 'metadata.name', op: '!=', value: 'web' }]],
    ['metadata.name=', [{ field: 'metadata.name', op: '=', value: '' }]],
    [
      'status.phase=Running,spec.type!=NodePort',
      [
        { field: 'status.phase', op: '=', value: 'Running' },
        { field: 'spec.type', op: '!=', value: 'NodePort' },
      ],
    ],
    ['metadata.name=a\\,b', [{ field: 'metadata.name', op: '=', value: 'a,b' }]],
    ['metadata.name=a\\=b', [{ field: 'metadata.name', op: '=', value: 'a=b' }]],
    ['metadata.name=a\\\\b', [{ field: 'metadata.name', op: '=', value: 'a\\b' }]],
    ['metadata.name=x,', [{ field: 'metadata.name', op: '=', value: 'x' }]],
  ])('parses %j', (selector, expected) => {
    expect(parseFieldSelector(selector, allowed)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['spec.nodeName=n1', 'field label not supported: spec.nodeName'],
    ['metadata.name=a,bogus!=b', 'field label not supported: bogus'],
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['metadata.name=a=b', 'invalid field selector: unescaped character in value: ='],
    ['metadata.name=a\\n', 'invalid field selector: invalid escape sequence: \\n'],
    ['metadata.name=a\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('rejects %j', (selector, message) => {
    expect(() => parseFieldSelector(selector, allowed)).toThrow(SelectorError);
    expect(() => parseFieldSelector(selector, allowed)).toThrow(message);
  });
});

describe('matchesFields and fieldGetter', () => {
  const event = {
    metadata: { name: 'ev1', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-0' },
    count: 3,
    status: { phase: 'Running' },
    spec: { type: 'ClusterIP', tags: ['a'] },
  };
  const get = fieldGetter(event);
  const allowed = [
    'metadata.name',
    'metadata.namespace',
    'involvedObject.kind',
    'status.phase',
    'spec.type',
    'spec.nodeName',
    'count',
    'spec.tags',
  ];

  it.each<[string, boolean]>([
    ['metadata.name=ev1', true],
    ['metadata.name!=ev1', false],
    ['involvedObject.kind=Pod', true],
    ['involvedObject.kind==Service', false],
    ['status.phase=Running,spec.type=ClusterIP', true],
    ['status.phase=Running,spec.type!=ClusterIP', false],
    ['spec.nodeName=', true],
    ['spec.nodeName!=', false],
    ['spec.nodeName!=n1', true],
    ['count=3', true],
    ['spec.tags=', true],
  ])('%j is %s', (selector, expected) => {
    expect(matchesFields(parseFieldSelector(selector, allowed), get)).toBe(expected);
  });

  it.each<[string, string | undefined]>([
    ['metadata.name', 'ev1'],
    ['involvedObject.kind', 'Pod'],
    ['metadata.missing', undefined],
    ['metadata.name.deeper', undefined],
    ['metadata', undefined],
  ])('fieldGetter(%j) is %j', (path, expected) => {
    expect(get(path)).toBe(expected);
  });
});
