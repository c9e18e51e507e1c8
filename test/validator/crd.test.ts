import { rulesAt } from './helpers';
import { clearRegisteredKinds, registerCrd, registerCustomResource } from './index';

/** A cut-down CRD in the shape of external-secrets.io's, written for this test. */
const externalSecretCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'externalsecrets.external-secrets.io' },
  spec: {
    group: 'external-secrets.io',
    scope: 'Namespaced',
    names: { kind: 'ExternalSecret', plural: 'externalsecrets' },
    versions: [
      { name: 'v1alpha1', served: false, storage: false },
      {
        name: 'v1beta1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['secretStoreRef'],
                properties: {
                  refreshInterval: { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$' },
                  secretStoreRef: {
                    type: 'object',
                    required: ['name'],
                    properties: { name: { type: 'string' }, kind: { type: 'string', enum: ['SecretStore', 'ClusterSecretStore'] } },
                  },
                  target: {
                    type: 'object',
                    properties: { name: { type: 'string', maxLength: 253 }, template: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true } },
                  },
                  data: {
                    type: 'array',
                    items: { type: 'object', required: ['secretKey'], properties: { secretKey: { type: 'string' }, port: { 'x-kubernetes-int-or-string': true } } },
                  },
                },
              },
              status: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
      },
    ],
  },
};

const es = (): any => ({
  apiVersion: 'external-secrets.io/v1beta1',
  kind: 'ExternalSecret',
  metadata: { name: 'orders-creds', namespace: 'db', labels: { 'cluster-name': 'acid-orders' } },
  spec: {
    refreshInterval: '1h',
    secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
    target: { name: 'orders-creds', template: { anything: { goes: true } } },
    data: [{ secretKey: 'password', port: 5432 }],
  },
});

describe('custom resources', () => {
  afterEach(() => clearRegisteredKinds());

  test('an unregistered CRD kind is an error', () => {
    expect(rulesAt([es()])).toEqual(['schema/unknown-kind apiVersion']);
  });

  test('a registered CRD version validates; unserved versions stay unknown', () => {
    registerCrd(externalSecretCrd);
    expect(rulesAt([es()])).toEqual([]);
    const old = es();
    old.apiVersion = 'external-secrets.io/v1alpha1';
    expect(rulesAt([old])).toEqual(['schema/unknown-kind apiVersion']);
  });

  test('CRD schemas are strict too: unknown fields, enums, patterns, required, types', () => {
    registerCrd(externalSecretCrd);
    const bad = es();
    bad.spec.refreshInterval = 'hourly';
    bad.spec.secretStoreRef = { kind: 'Vault' };
    bad.spec.extra = 1;
    bad.spec.data[0].port = 1.5;
    bad.metadata.labels['bad key'] = 'x';
    expect(rulesAt([bad]).sort()).toEqual([
      'label/key metadata.labels["bad key"]',
      'schema/constraint spec.refreshInterval',
      'schema/enum spec.secretStoreRef.kind',
      'schema/required spec.secretStoreRef.name',
      'schema/type spec.data[0].port',
      'schema/unknown-field spec.extra',
    ]);
  });

  test('registerCustomResource takes a bare schema (PodMonitor-like), cluster scope on request', () => {
    registerCustomResource('monitoring.coreos.com/v1', 'PodMonitor', { type: 'object', properties: { spec: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true } } });
    const pm = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'pg', namespace: 'db' }, spec: { podMetricsEndpoints: [{ port: 'exporter' }] } };
    expect(rulesAt([pm])).toEqual([]);
    registerCustomResource('example.io/v1', 'Thing', undefined, { namespaced: false });
    expect(rulesAt([{ apiVersion: 'example.io/v1', kind: 'Thing', metadata: { name: 't', namespace: 'db' } }])).toEqual(['meta/namespace metadata.namespace']);
  });

  test('registerCrd refuses something that is not a CRD', () => {
    expect(() => registerCrd({ kind: 'ConfigMap' })).toThrow(/CustomResourceDefinition/);
  });
});
