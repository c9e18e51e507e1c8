import { statefulSet, tokenVolume } from './fixtures';
import { rulesOf } from './helpers';

const podOf = (sts: any) => sts.spec.template.spec;
const pg = (sts: any) => podOf(sts).containers[0];
const POD = 'spec.template.spec';
const MOUNT = `${POD}.containers[0].volumeMounts[1]`;

const withToken = (f: (sources: any[], vol: any) => void) => {
  const sts = statefulSet();
  const vol = tokenVolume();
  f(vol.projected.sources, vol);
  podOf(sts).volumes.push(vol);
  return sts;
};
const SRC = `${POD}.volumes[2].projected.sources`;

describe('volume mounts', () => {
  test('subPath and subPathExpr: relative, no ".." segment ("..x" is a name), not both', () => {
    const sts = statefulSet();
    pg(sts).volumeMounts[1].subPath = '..shm';
    expect(rulesOf(sts)).toEqual([]);
    for (const [field, v] of [['subPath', '/shm'], ['subPath', 'a/../b'], ['subPathExpr', '../$(POD_NAME)'], ['subPathExpr', '..']]) {
      const broken = statefulSet();
      pg(broken).volumeMounts[1][field] = v;
      expect(rulesOf(broken)).toEqual([`pod/sub-path ${MOUNT}.${field}`]);
    }
    Object.assign(pg(sts).volumeMounts[1], { subPath: 'a', subPathExpr: '$(POD_NAME)' });
    expect(rulesOf(sts)).toEqual([`pod/sub-path ${MOUNT}.subPathExpr`]);
  });

  test('mountPath is required', () => {
    const sts = statefulSet();
    pg(sts).volumeMounts[1].mountPath = '';
    expect(rulesOf(sts)).toEqual([`pod/volume-mount ${MOUNT}.mountPath`]);
  });
});

describe('projected volumes', () => {
  test('the token volume the library emits is accepted', () => {
    expect(rulesOf(withToken(() => undefined))).toEqual([]);
  });

  test('serviceAccountToken: 600 s to 2^32 s, a local path', () => {
    expect(rulesOf(withToken((s) => { s[0].serviceAccountToken.expirationSeconds = 600; }))).toEqual([]);
    expect(rulesOf(withToken((s) => { s[0].serviceAccountToken.expirationSeconds = 599; }))).toEqual([`pod/volume-source ${SRC}[0].serviceAccountToken.expirationSeconds`]);
    expect(rulesOf(withToken((s) => { s[0].serviceAccountToken.expirationSeconds = 2 ** 32 + 1; }))).toEqual([`pod/volume-source ${SRC}[0].serviceAccountToken.expirationSeconds`]);
    for (const path of ['', '/token', '..token', 'a/../token']) {
      expect(rulesOf(withToken((s) => { s[0].serviceAccountToken.path = path; }))).toEqual([`pod/volume-source ${SRC}[0].serviceAccountToken.path`]);
    }
  });

  test('one type per projection; names required; item keys and paths', () => {
    expect(rulesOf(withToken((s) => { s[1].secret = { name: 'acid-orders-tls' }; }))).toEqual([`pod/volume-source ${SRC}[1]`]);
    expect(rulesOf(withToken((s) => { s[1].configMap.name = ''; }))).toEqual([`pod/volume-source ${SRC}[1].configMap.name`]);
    expect(rulesOf(withToken((s) => { s[1].configMap.items[0].key = ''; }))).toEqual([`pod/volume-source ${SRC}[1].configMap.items[0].key`]);
    for (const path of ['..data', '/ca.crt', 'certs/../../ca.crt', '']) {
      expect(rulesOf(withToken((s) => { s[1].configMap.items[0].path = path; }))).toEqual([`pod/volume-source ${SRC}[1].configMap.items[0].path`]);
    }
    expect(rulesOf(withToken((s) => { s[1].configMap.items[0].path = 'certs/.ca.crt'; }))).toEqual([]);
  });

  test('no two projections write the same path', () => {
    expect(rulesOf(withToken((s) => { s[2].downwardAPI.items[0].path = 'ca.crt'; }))).toEqual([`pod/volume-source ${SRC}[2]`]);
  });

  test('downwardAPI files: the fields a volume may read, exactly one of fieldRef and resourceFieldRef', () => {
    expect(rulesOf(withToken((s) => { s[2].downwardAPI.items[0].fieldRef.fieldPath = 'metadata.labels'; }))).toEqual([]);
    expect(rulesOf(withToken((s) => { s[2].downwardAPI.items[0].fieldRef.fieldPath = 'spec.nodeName'; })))
      .toEqual([`pod/volume-source ${SRC}[2].downwardAPI.items[0].fieldRef.fieldPath`]);
    expect(rulesOf(withToken((s) => { s[2].downwardAPI.items[0].resourceFieldRef = { containerName: 'postgres', resource: 'limits.cpu' }; })))
      .toEqual([`pod/volume-source ${SRC}[2].downwardAPI.items[0]`]);
    expect(rulesOf(withToken((s) => { s[2].downwardAPI.items[0] = { path: 'cpu', resourceFieldRef: { resource: 'limits.cpu' } }; })))
      .toEqual([`pod/volume-source ${SRC}[2].downwardAPI.items[0].resourceFieldRef.containerName`]);
  });

  test('file modes are 0-0777', () => {
    expect(rulesOf(withToken((_s, v) => { v.projected.defaultMode = 0o1000; }))).toEqual([`pod/volume-source ${POD}.volumes[2].projected.defaultMode`]);
    expect(rulesOf(withToken((s) => { s[1].configMap.items[0].mode = -1; }))).toEqual([`pod/volume-source ${SRC}[1].configMap.items[0].mode`]);
  });
});

describe('secret, configMap and downwardAPI volumes', () => {
  test('names required, items and modes checked as in projections', () => {
    const sts = statefulSet();
    podOf(sts).volumes.push(
      { name: 'a', secret: { defaultMode: 0o400 } },
      { name: 'b', configMap: { name: 'acid-orders-config', defaultMode: 512, items: [{ key: 'spilo.yaml', path: '../spilo.yaml' }] } },
      { name: 'c', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'phase', fieldRef: { fieldPath: 'status.phase' } }] } },
    );
    expect(rulesOf(sts)).toEqual([
      `pod/volume-source ${POD}.volumes[2].secret.secretName`,
      `pod/volume-source ${POD}.volumes[3].configMap.defaultMode`,
      `pod/volume-source ${POD}.volumes[3].configMap.items[0].path`,
      `pod/volume-source ${POD}.volumes[4].downwardAPI.items[1].fieldRef.fieldPath`,
    ]);
  });
});
