// `render` and `convert` of the operator's node ports: the 8 manifest fields and the 4 configuration switches give
// what the operator gives (NodePort wins over the load balancer, ports only with the manifest's own switch).
import { writeFileSync } from 'fs';
import { join } from 'path';
import { appOf, convert, CORPUS, run, tempDir } from './harness';
import { appSource } from '../../src/operator-manifest/app-source';
import { parseDocuments } from '../../src/operator-manifest/documents';
import { named, synthApp } from '../util';

const FIXTURE = join(CORPUS, '10-node-ports.yaml');

describe('node ports from the operator', () => {
  test('the manifest\'s fields: NodePort over the load balancer, fixed ports where its switch is set, the pooler\'s too', () => {
    // GIVEN the corpus manifest (its configuration's traffic policy is Local) WHEN converted and synthesized
    const conversion = convert([FIXTURE]);
    const objects = synthApp(appOf(conversion));

    // THEN the primary is a NodePort on 30432 though its load balancer is on: no source ranges, no external-dns name
    const primary = named(objects, 'Service', 'acid-node-ports');
    expect(primary.spec).toMatchObject({ type: 'NodePort', externalTrafficPolicy: 'Local' });
    expect(primary.spec.ports[0].nodePort).toBe(30432);
    expect(primary.spec.loadBalancerSourceRanges).toBeUndefined();
    expect(primary.metadata.annotations['external-dns.alpha.kubernetes.io/hostname']).toBeUndefined();
    // port 0: Kubernetes picks
    const replica = named(objects, 'Service', 'acid-node-ports-repl');
    expect([replica.spec.type, replica.spec.ports[0].nodePort]).toEqual(['NodePort', undefined]);
    expect(named(objects, 'Service', 'acid-node-ports-pooler').spec.ports[0].nodePort).toBe(30433);
    // enableReplicaPoolerNodePort: false leaves the pooler's load balancer, and its port is ignored with a warning
    const replicaPooler = named(objects, 'Service', 'acid-node-ports-pooler-repl');
    expect(replicaPooler.spec.type).toBe('LoadBalancer');
    expect(replicaPooler.spec.ports[0].nodePort).toBeUndefined();
    expect(conversion.findings.warnings.map(f => `${f.field}: ${f.reason}`)).toEqual([
      'spec.replicaPoolerNodePort: ignored without spec.enableReplicaPoolerNodePort: true in the manifest, as by the operator (Kubernetes picks the port)',
    ]);
  });

  test('convert writes the props', () => {
    const source = appSource(convert([FIXTURE]), { libraryModule: 'cdk8s-postgres' });
    expect(source).toContain('nodePort: {\n');
    expect(source).toMatch(/master: true,\s+replica: true,\s+masterPort: 30432,/);
    expect(source).toMatch(/masterNodePort: true,\s+replicaNodePort: false,\s+masterNodePortNumber: 30433,/);
  });

  test('the configuration\'s switches become fleet defaults: Kubernetes picks the ports, a manifest\'s false wins', () => {
    // GIVEN a configuration that enables every node port, and two manifests
    const dir = tempDir('node-ports-');
    const configuration = join(dir, 'configuration.yaml');
    writeFileSync(configuration, [
      'apiVersion: acid.zalan.do/v1', 'kind: OperatorConfiguration', 'metadata:', '  name: c', 'configuration:', '  load_balancer:',
      ...['master', 'replica', 'master_pooler', 'replica_pooler'].map(k => `    enable_${k}_node_port: true`), '',
    ].join('\n'));
    const manifest = (name: string, extra: string[]) => ['apiVersion: acid.zalan.do/v1', 'kind: postgresql', `metadata:\n  name: ${name}\n  namespace: shop`,
      'spec:', '  teamId: shop', '  numberOfInstances: 1', '  postgresql:\n    version: "17"', '  volume:\n    size: 1Gi', '  enableConnectionPooler: true',
      ...extra.map(l => `  ${l}`)].join('\n');

    // WHEN rendered
    const r = run(['render', '-', '--operator-configuration', configuration],
      `${manifest('db-a', ['masterNodePort: 30500'])}\n---\n${manifest('db-b', ['enableMasterNodePort: false'])}\n`);

    // THEN the fleet's node ports have no fixed port (the manifest's port without its switch is ignored, as by the operator)
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: postgresql shop/db-a: spec.masterNodePort: ignored without spec.enableMasterNodePort: true');
    expect(r.out).not.toContain('30500');
    const services = parseDocuments('render', r.out).filter(o => o.kind === 'Service');
    expect(services.map(s => `${s.metadata.name} ${s.spec.type} ${s.spec.ports[0].nodePort ?? '-'}`).sort()).toEqual([
      'db-a NodePort -', 'db-a-pooler NodePort -', 'db-a-repl NodePort -', 'db-b ClusterIP -', 'db-b-pooler NodePort -', 'db-b-repl NodePort -',
    ]);
  });
});
