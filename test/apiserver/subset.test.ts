// Unit tests (no server) for the read-back comparison used by the API-server tier.
import { parseQuantity, quantitiesEqual, subsetDiff } from './subset';

describe('quantities', () => {
  test.each([
    ['1000m', '1'], ['0.5', '500m'], [0.5, '500m'], ['1Gi', '1073741824'], ['1e3', '1k'], ['2048Ki', '2Mi'],
    ['.5', '500m'], ['1.5Gi', '1536Mi'], [1, '1'],
  ])('%p equals %p', (a, b) => expect(quantitiesEqual(a, b)).toBe(true));

  test.each([['1G', '1Gi'], ['1', '1001m'], ['1Gi', 'abc'], ['', '0'], ['1 Gi', '1Gi'], ['1KB', '1k']])(
    '%p differs from %p', (a, b) => expect(quantitiesEqual(a, b)).toBe(false));

  test('parses exactly', () => {
    expect(parseQuantity('1.25m')).toEqual({ n: 125n, d: 100000n });
    expect(parseQuantity('-2Ki')).toEqual({ n: -2048n, d: 1n });
  });
});

describe('subsetDiff', () => {
  test('extra server fields are fine, sent fields must match', () => {
    const sent = { spec: { replicas: 2, template: { containers: [{ name: 'a', resources: { limits: { cpu: '1000m' } } }] } } };
    const got = { spec: { replicas: 2, revisionHistoryLimit: 10, template: { containers: [{ name: 'a', resources: { limits: { cpu: '1' } }, imagePullPolicy: 'Always' }] } } };
    expect(subsetDiff(sent, got)).toEqual({ differences: [], dropped: [] });
  });

  test('reports changed, missing and re-typed values with paths', () => {
    const sent = { metadata: { labels: { 'app.kubernetes.io/name': 'x' } }, spec: { port: 5432, name: 'a', list: [1, 2] } };
    const got = { metadata: { labels: { 'app.kubernetes.io/name': 'y' } }, spec: { port: '5432', list: [1] } };
    expect(subsetDiff(sent, got).differences.map(d => d.path)).toEqual([
      'metadata.labels["app.kubernetes.io/name"]', 'spec.port', 'spec.name', 'spec.list.length', 'spec.list[1]',
    ]);
  });

  test('a number may come back as an equal quantity string only inside resource lists', () => {
    expect(subsetDiff({ a: '1.0' }, { a: 1 }).differences).toHaveLength(1);
    expect(subsetDiff({ resources: { limits: { cpu: 1 } } }, { resources: { limits: { cpu: '1' } } }).differences).toEqual([]);
    expect(subsetDiff({ emptyDir: { sizeLimit: 0.5 } }, { emptyDir: { sizeLimit: '500m' } }).differences).toEqual([]);
  });

  test('empty values the server omits are noted, not failures', () => {
    expect(subsetDiff({ a: {}, b: [], c: null, d: { e: [] } }, { d: {} })).toEqual({
      differences: [], dropped: ['a', 'b', 'c', 'd.e'],
    });
  });

  test('zero values the server omits (Go omitempty) are noted; a changed or missing non-zero value is not', () => {
    expect(subsetDiff({ minReadySeconds: 0, hostNetwork: false, subPath: '' }, {})).toEqual({
      differences: [], dropped: ['minReadySeconds', 'hostNetwork', 'subPath'],
    });
    expect(subsetDiff({ a: 0, b: false, c: 1, d: true }, { a: 1, b: true }).differences.map(d => d.path)).toEqual(['a', 'b', 'c', 'd']);
  });
});
