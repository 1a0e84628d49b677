import { describe, expect, it } from 'vitest';

import type { LiveFleetResponse, ServiceRecord } from '../api/contract';
import { expectedOf, fleetFieldErrors, isFixable, observedStep, previewHostnames } from './wizard';

const record = (viewer: string, ns: string, name: string, contributors: string[]) =>
  ({
    viewer,
    hostname: `${name}.${ns}.mesh.internal`,
    namespace: ns,
    name,
    segment: 'default',
    domain: 'mesh.internal',
    contributors,
    ports: [],
  }) satisfies ServiceRecord;

describe('previewHostnames', () => {
  const services = [
    record('acme-east', 'payments', 'checkout', ['acme-east', 'globex']),
    record('globex', 'payments', 'checkout', ['globex', 'acme-east']),
    record('acme-east', 'orders', 'api', ['dev-east']),
    record('dev-east', 'orders', 'api', ['dev-east']),
  ];

  it("names the members' own global services in the new domain", () => {
    expect(previewHostnames(services, ['acme-east'], 'mesh.acme')).toEqual([
      {
        hostname: 'checkout.payments.mesh.acme',
        namespace: 'payments',
        name: 'checkout',
        from: ['acme-east'],
      },
    ]);
  });

  it('previews every global service of the fleet before members are picked', () => {
    expect(previewHostnames(services, [], 'x.y').map((h) => h.hostname)).toEqual([
      'api.orders.x.y',
      'checkout.payments.x.y',
    ]);
  });
});

const fleet = {
  clusters: [
    { id: 'a', state: 'ready', health: 'synced', segmentLabel: 'team' },
    { id: 'b', state: 'unreachable', health: 'unreachable' },
  ],
  segments: [
    {
      name: 'team',
      domain: 'team.mesh',
      domains: ['team.mesh', 'team.old'],
      implicit: false,
      members: ['a'],
      holders: [
        { cluster: 'a', domain: 'team.mesh', namespace: 'istio-system', apiVersion: 'v' },
        { cluster: 'b', domain: 'team.old', namespace: 'istio-system', apiVersion: 'v' },
      ],
    },
    {
      name: 'default',
      domain: 'mesh.internal',
      domains: ['mesh.internal'],
      implicit: true,
      members: [],
      holders: [],
    },
  ],
} as unknown as LiveFleetResponse;

describe('fleetFieldErrors', () => {
  it("refuses another segment's domain, unknown and unreachable clusters", () => {
    expect(
      fleetFieldErrors(fleet, { name: 'new', domain: 'team.old', clusters: ['a', 'b', 'zz'] }),
    ).toEqual([
      {
        path: 'domain',
        message:
          'domain "team.old" is already used by Segment "team" in b: every segment needs its own domain',
      },
      {
        path: 'clusters.1',
        message: 'cluster "b" is not reachable: Segscope cannot write to it now',
      },
      { path: 'clusters.2', message: 'unknown cluster "zz"' },
    ]);
  });

  it('shows a Segment of the same name with another domain as a conflict', () => {
    expect(fleetFieldErrors(fleet, { name: 'team', domain: 'team.mesh', clusters: ['a'] })).toEqual(
      [
        {
          path: 'name',
          message:
            'Segment "team" already exists in b (istio-system) with domain "team.old": Segscope does not overwrite it; use that domain or another name',
        },
      ],
    );
  });
});

describe('observedStep', () => {
  const segmentStep = (cluster: string) => ({
    cluster,
    action: 'apply-segment' as const,
    object: { apiVersion: 'admin.istio.io/v1', kind: 'Segment', name: 'team' },
  });
  it('sees a Segment held with the expected domain, and not one with another', () => {
    expect(observedStep(fleet, segmentStep('a'), { domain: 'team.mesh' })).toBe('done');
    expect(observedStep(fleet, segmentStep('a'), { domain: 'other' })).toBe('not-yet');
    expect(observedStep(fleet, segmentStep('b'), { domain: 'team.mesh' })).toBe('not-yet');
    expect(observedStep(fleet, segmentStep('nowhere'))).toBe('unknown');
  });

  it('compares the segment label with what the step sets', () => {
    const label = {
      cluster: 'a',
      action: 'label-namespace' as const,
      object: { apiVersion: 'v1', kind: 'Namespace', name: 'istio-system' },
    };
    expect(observedStep(fleet, label, { label: 'team' })).toBe('done');
    expect(observedStep(fleet, label, { label: null })).toBe('not-yet');
    expect(observedStep(fleet, label)).toBe('unknown');
  });
});

describe('expectedOf', () => {
  it("reads a Segment's domain and a namespace's segment label from the step's YAML", () => {
    expect(expectedOf('apply-segment', { spec: { domain: 'd.x' } })).toEqual({ domain: 'd.x' });
    expect(
      expectedOf('label-namespace', { metadata: { labels: { 'admin.solo.io/segment': 'p' } } }),
    ).toEqual({ label: 'p' });
    expect(
      expectedOf('label-namespace', { metadata: { labels: { 'admin.solo.io/segment': null } } }),
    ).toEqual({ label: null });
    expect(expectedOf('unlabel-namespace', undefined)).toEqual({ label: null });
    expect(expectedOf('label-service', {})).toEqual({});
  });
});

describe('isFixable', () => {
  it('offers a fix for the mechanical codes only, and never for suppressed findings', () => {
    expect(isFixable({ code: 'SEG201' })).toBe(true);
    expect(isFixable({ code: 'SEG201', suppressed: true })).toBe(false);
    expect(isFixable({ code: 'SVC408' })).toBe(false);
  });
});
