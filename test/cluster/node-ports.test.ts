// NodePort Services as the operator makes them (k8sres.go generateService, connection_pooler.go): the cluster's
// switch over the fleet's, a fixed port only with the cluster's own switch, NodePort winning over a load balancer
// (no source ranges, no external-dns name, the traffic policy kept), and the NetworkPolicies admitting the traffic.
import { build, CLUSTER, construct } from './fixtures';
import { ExternalTrafficPolicy, FleetDefaultsProps, NodePortOptions, PostgresClient, PostgresClusterProps } from '../../src';
import { named } from '../util';

const POOLER = `${CLUSTER}-pooler`;
const REPLICA_POOLER = `${CLUSTER}-pooler-repl`;
const service = (objects: any[], name = CLUSTER) => named(objects, 'Service', name);
const policy = (objects: any[], name = CLUSTER) => named(objects, 'NetworkPolicy', name);
/** The peers a policy admits on 5432. */
const on5432 = (p: any) => (p.spec.ingress ?? []).filter((r: any) => r.ports.some((x: any) => x.port === 5432)).flatMap((r: any) => r.from);
const ipBlocks = (p: any) => on5432(p).filter((peer: any) => peer.ipBlock).map((peer: any) => peer.ipBlock.cidr);
const EVERY_ADDRESS = ['0.0.0.0/0', '::/0'];

describe('NodePort Services', () => {
  test('nodePort.master: the primary Service is a NodePort with the Cluster traffic policy, Kubernetes picks the port', () => {
    // GIVEN / WHEN
    const { objects } = build({ nodePort: { master: true } });

    // THEN
    expect(service(objects).spec).toEqual({
      type: 'NodePort',
      ports: [{ name: 'postgresql', port: 5432, targetPort: 5432 }],
      selector: { 'application': 'spilo', 'cluster-name': CLUSTER, 'spilo-role': 'master' },
      externalTrafficPolicy: 'Cluster',
    });
    expect(service(objects, `${CLUSTER}-repl`).spec.type).toBe('ClusterIP');
  });

  test('fixed ports go to ports[0].nodePort', () => {
    // GIVEN / WHEN
    const { objects } = build({ nodePort: { master: true, masterPort: 30432, replica: true, replicaPort: 30433 } });

    // THEN
    expect(service(objects).spec.ports).toEqual([{ name: 'postgresql', port: 5432, targetPort: 5432, nodePort: 30432 }]);
    expect(service(objects, `${CLUSTER}-repl`).spec).toMatchObject({ type: 'NodePort', ports: [{ nodePort: 30433 }] });
  });

  test('NodePort wins over the load balancer: no source ranges, no external-dns name; the traffic policy stays', () => {
    // GIVEN both on the primary, a load balancer alone on the replica, and a hosted zone
    const { objects } = build({
      loadBalancer: { master: true, replica: true, allowedSourceRanges: ['10.0.0.0/8'], externalTrafficPolicy: ExternalTrafficPolicy.LOCAL },
      nodePort: { master: true },
    }, { dbHostedZone: 'db.example.com' });

    // THEN
    const primary = service(objects);
    expect(primary.spec.type).toBe('NodePort');
    expect(primary.spec.externalTrafficPolicy).toBe('Local');
    expect(primary.spec.loadBalancerSourceRanges).toBeUndefined();
    expect(primary.metadata.annotations).toBeUndefined();
    const replica = service(objects, `${CLUSTER}-repl`);
    expect(replica.spec).toMatchObject({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8'] });
    expect(replica.metadata.annotations['external-dns.alpha.kubernetes.io/hostname']).toContain(`${CLUSTER}-repl.db.db.example.com`);
  });

  test('the fleet\'s switches: every cluster, the fleet\'s traffic policy; a cluster\'s false wins', () => {
    // GIVEN / WHEN
    const fleet: FleetDefaultsProps = { nodePort: { master: true, replica: true }, externalTrafficPolicy: ExternalTrafficPolicy.LOCAL };
    const { objects } = build({ nodePort: { replica: false } }, fleet);

    // THEN
    expect(service(objects).spec).toMatchObject({ type: 'NodePort', externalTrafficPolicy: 'Local' });
    expect(service(objects, `${CLUSTER}-repl`).spec.type).toBe('ClusterIP');
  });

  test('poolers: connectionPooler.masterNodePort and replicaNodePort, their ports, the fleet\'s switches; NodePort wins over their load balancers', () => {
    // GIVEN / WHEN
    const { objects } = build({
      connectionPooler: { replica: true, masterNodePort: true, masterNodePortNumber: 30440, masterLoadBalancer: true },
    }, { connectionPooler: { replicaNodePort: true } });

    // THEN
    expect(service(objects, POOLER).spec).toEqual({
      type: 'NodePort',
      ports: [{ name: POOLER, port: 5432, targetPort: 5432, nodePort: 30440 }],
      selector: { 'connection-pooler': POOLER },
      externalTrafficPolicy: 'Cluster',
    });
    expect(service(objects, REPLICA_POOLER).spec).toMatchObject({ type: 'NodePort', ports: [{ name: REPLICA_POOLER, port: 5432, targetPort: 5432 }] });
    expect(service(objects, REPLICA_POOLER).spec.ports[0].nodePort).toBeUndefined();
    // the database Services are not touched by the poolers' switches
    expect(service(objects).spec.type).toBe('ClusterIP');
  });

  test('a fleet pooler switch does nothing to a pooler the cluster does not run', () => {
    const { objects } = build({ connectionPooler: {} }, { connectionPooler: { replicaNodePort: true } });
    expect(objects.filter(o => o.kind === 'Service').map(o => `${o.metadata.name} ${o.spec.type}`).sort())
      .toEqual([`${CLUSTER} ClusterIP`, `${POOLER} ClusterIP`, `${CLUSTER}-repl ClusterIP`].sort());
  });

  describe('NetworkPolicies admit the node port traffic', () => {
    test('every address on 5432 of the members by default (the node port is open to whoever reaches a node), nothing more', () => {
      const { objects } = build({ nodePort: { replica: true } });
      expect(ipBlocks(policy(objects))).toEqual(EVERY_ADDRESS);
      // not Patroni's API nor bg_mon
      const others = policy(objects).spec.ingress.filter((r: any) => !r.ports.some((x: any) => x.port === 5432));
      expect(others.flatMap((r: any) => r.from).filter((peer: any) => peer.ipBlock)).toEqual([]);
    });

    test('the cluster\'s ranges over the fleet\'s; load balancer ranges add up', () => {
      const fleet: FleetDefaultsProps = { nodePort: { allowedSourceRanges: ['10.0.0.0/8'] } };
      const fromFleet = build({ nodePort: { master: true } }, fleet).objects;
      expect(ipBlocks(policy(fromFleet))).toEqual(['10.0.0.0/8']);
      const own = build({
        nodePort: { master: true, allowedSourceRanges: ['192.0.2.0/24', '2001:db8::/32'] },
        loadBalancer: { replica: true, allowedSourceRanges: ['198.51.100.0/24'] },
      }, fleet).objects;
      expect(ipBlocks(policy(own))).toEqual(['198.51.100.0/24', '192.0.2.0/24', '2001:db8::/32']);
    });

    test('a pooler\'s node port opens the pooler\'s policy only; declared clients stay', () => {
      const { objects } = build({
        connectionPooler: { masterNodePort: true },
        nodePort: { allowedSourceRanges: ['192.0.2.0/24'] },
        networkPolicies: { clients: [PostgresClient.fromLabels({ app: 'api' })] },
      });
      expect(on5432(policy(objects, POOLER))).toEqual([{ podSelector: { matchLabels: { app: 'api' } } }, { ipBlock: { cidr: '192.0.2.0/24' } }]);
      expect(ipBlocks(policy(objects))).toEqual([]);
    });

    test('no node port, no ranges admitted (the fleet\'s ranges alone open nothing)', () => {
      const { objects } = build({}, { nodePort: { allowedSourceRanges: ['10.0.0.0/8'] } });
      expect(ipBlocks(policy(objects))).toEqual([]);
    });

    test('under the strict policy a NodePort needs ranges narrower than every address', () => {
      expect(() => construct({ nodePort: { master: true } }, { strictPolicy: true }))
        .toThrow(/nodePort\.allowedSourceRanges: undefined is not valid; expected ranges narrower than every address when a Service is a NodePort \(fleet\.strictPolicy\)/);
      expect(() => construct({ nodePort: { master: true, allowedSourceRanges: ['10.0.0.0/8', '::/0'] } }, { strictPolicy: true }))
        .toThrow(/nodePort\.allowedSourceRanges\[1\]: '::\/0' is not valid; expected a range narrower than every address \(fleet\.strictPolicy\)/);
      expect(() => construct({ connectionPooler: { masterNodePort: true } }, { strictPolicy: true, nodePort: { allowedSourceRanges: ['0.0.0.0/0'] } }))
        .toThrow(/fleet\.nodePort\.allowedSourceRanges\[0\]: '0\.0\.0\.0\/0' is not valid/);
      const ok = build({ nodePort: { master: true, allowedSourceRanges: ['10.0.0.0/8'] } }, { strictPolicy: true }).objects;
      expect(service(ok).spec.type).toBe('NodePort');
      // without policies there is nothing to narrow
      expect(service(build({ nodePort: { master: true }, networkPolicies: { enabled: false } }, { strictPolicy: true }).objects).spec.type).toBe('NodePort');
    });
  });

  describe('refused', () => {
    const cases: Array<[string, Partial<PostgresClusterProps>, FleetDefaultsProps | undefined, RegExp]> = [
      ['a port without its switch', { nodePort: { masterPort: 30432 } }, undefined,
        /nodePort\.masterPort: 30432 is not valid; expected no port unless nodePort\.master is true on the cluster itself/],
      ['a port with the fleet\'s switch only (the operator ignores it)', { nodePort: { replicaPort: 30432 } }, { nodePort: { replica: true } },
        /nodePort\.replicaPort: 30432 is not valid; expected no port unless nodePort\.replica is true/],
      ['a port with the switch false', { nodePort: { master: false, masterPort: 30432 } }, undefined, /nodePort\.masterPort: 30432 is not valid/],
      ['port 0', { nodePort: { master: true, masterPort: 0 } }, undefined, /nodePort\.masterPort: 0 is not valid; expected an integer from 1 to 65535/],
      ['port 65536', { nodePort: { master: true, masterPort: 65536 } }, undefined, /nodePort\.masterPort: 65536 is not valid/],
      ['a fractional port', { nodePort: { master: true, masterPort: 30432.5 } }, undefined, /nodePort\.masterPort: 30432\.5 is not valid/],
      ['one port for two Services', { nodePort: { master: true, masterPort: 30432 }, connectionPooler: { masterNodePort: true, masterNodePortNumber: 30432 } }, undefined,
        /nodePort\.masterPort, connectionPooler\.masterNodePortNumber: both ask for node port 30432; a node port serves one Service/],
      ['a pooler port without its switch', { connectionPooler: { masterNodePortNumber: 30440 } }, undefined,
        /connectionPooler\.masterNodePortNumber: 30440 is not valid; expected no port unless connectionPooler\.masterNodePort is true/],
      ['a pooler node port for a pooler that is off', { connectionPooler: { replicaNodePort: true } }, undefined,
        /connectionPooler\.replicaNodePort: true is not valid; expected false or unset when that pooler is off/],
      ['a range that is no CIDR', { nodePort: { master: true, allowedSourceRanges: ['10.0.0.0/33'] } }, undefined,
        /nodePort\.allowedSourceRanges\[0\]: '10\.0\.0\.0\/33' is not valid; expected an IPv4 or IPv6 CIDR/],
      ['an empty list of ranges', { nodePort: { master: true, allowedSourceRanges: [] } }, undefined,
        /nodePort\.allowedSourceRanges: \[\] is not valid; expected a non-empty list of CIDRs/],
      ['the cluster\'s ranges with its policies off', { nodePort: { master: true, allowedSourceRanges: ['10.0.0.0/8'] }, networkPolicies: { enabled: false } }, undefined,
        /nodePort\.allowedSourceRanges, networkPolicies\.enabled: the ranges are enforced by the NetworkPolicies only/],
      ['a switch as a string', { nodePort: { master: 'false' as any } }, undefined, /nodePort\.master: 'false' is not valid; expected true or false/],
      ['nodePort not an object', { nodePort: 'yes' as any as NodePortOptions }, undefined, /nodePort: 'yes' is not valid; expected an object/],
    ];
    test.each(cases)('%s', (_title, props, fleet, error) => {
      expect(() => construct(props, fleet)).toThrow(error);
    });
  });
});
