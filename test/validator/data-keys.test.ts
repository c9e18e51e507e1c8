import { supportingObjects } from './fixtures';
import { rulesOf } from './helpers';
import { field } from './issues';

const configMap = () => supportingObjects()[4];
const secret = () => supportingObjects()[5];

describe('ConfigMap and Secret data keys', () => {
  test('accepted: [-._a-zA-Z0-9], one leading "."', () => {
    const cm = configMap();
    cm.data['.pg_service.conf'] = 'x';
    cm.binaryData = { 'ca-bundle.DER': 'AAAA' };
    expect(rulesOf(cm)).toEqual([]);
  });

  test.each(['..', '.', '..data', 'conf.d/a.yaml', 'a b', 'k'.repeat(254)].map((k) => [k.length > 20 ? `${k.length} characters` : k, k]))('ConfigMap key %j is rejected, in data and binaryData', (_label, key) => {
    const text = configMap();
    text.data = { [key]: 'x' };
    const binary = configMap();
    binary.binaryData = { [key]: 'AAAA' };
    expect(rulesOf(text)).toEqual([`configmap/key ${field('data', key)}`]);
    expect(rulesOf(binary)).toEqual([`configmap/key ${field('binaryData', key)}`]);
  });

  test('a key is in data or binaryData, not both', () => {
    const cm = configMap();
    cm.binaryData = { 'spilo.yaml': 'AAAA' };
    expect(rulesOf(cm)).toEqual(['configmap/key data["spilo.yaml"]']);
  });

  test('data and binaryData total at most 1 MiB (binaryData counted decoded)', () => {
    const cm = configMap();
    cm.data['spilo.yaml'] = 'x'.repeat(1024 * 1024 - 3);
    cm.binaryData = { blob: 'AAAA' }; // 3 bytes
    expect(rulesOf(cm)).toEqual([]);
    cm.binaryData = { blob: 'AAAAAA==' }; // 4 bytes
    // the issue is about the whole object: an empty path
    expect(rulesOf(cm)).toEqual(['configmap/size ']);
  });

  test('Secret data and stringData keys, besides the project rule against any data', () => {
    const s = secret();
    s.data = { 'a/b': 'eA==' };
    s.stringData = { '..': 'x', 'ok.key': 'y' };
    expect(rulesOf(s)).toEqual(['secret/data data', 'secret/data stringData', 'secret/key data["a/b"]', 'secret/key stringData[".."]']);
  });
});
