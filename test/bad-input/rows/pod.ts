// Bad pod-level cluster input not covered by cluster.ts: env sources, probes, scheduling, update strategy, volumes.
import { PostgresClusterProps, SpiloUpdateStrategy } from '../../../src';
import { BadInputRow, PropPath, row } from '../row';

const p = (props: Partial<PostgresClusterProps>) => () => ({ props });

/** [title, props covered, input built lazily, message]. */
const ROWS: Array<[string, PropPath[], () => { props: Partial<PostgresClusterProps> }, RegExp]> = [
  ['envFrom ConfigMap name with upper case', ['PostgresClusterProps.envFrom'], p({ envFrom: [{ configMapRef: { name: 'Pod_Env' } }] }), /envFrom\[0\]\.configMapRef\.name: 'Pod_Env' is not valid/],
  ['negative runAsGroup', ['PostgresClusterProps.runAsGroup'], p({ runAsGroup: -1 }), /runAsGroup: -1 is not valid; expected an integer >= 0/],
  ['negative fsGroup', ['PostgresClusterProps.fsGroup'], p({ fsGroup: -1 }), /fsGroup: -1 is not valid; expected an integer >= 0/],
  ['liveness probe with a negative period', ['PostgresClusterProps.livenessProbe'], p({ livenessProbe: { tcpSocket: { port: { value: 8008 } as any }, periodSeconds: -1 } }), /livenessProbe\.periodSeconds: -1 is not valid/],
  ['node affinity without selector terms', ['PostgresClusterProps.nodeAffinity'], p({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } }),
    /nodeAffinity\.requiredDuringSchedulingIgnoredDuringExecution\.nodeSelectorTerms: \[\] is not valid/],
  ['unknown pod management policy', ['PostgresClusterProps.podManagementPolicy'], p({ podManagementPolicy: 'Random' as any }), /podManagementPolicy: 'Random' is not valid/],
  ['replica service annotation key with a space', ['PostgresClusterProps.replicaServiceAnnotations'], p({ replicaServiceAnnotations: { 'bad key': 'x' } }), /replicaServiceAnnotations key: 'bad key' is not valid/],
  ['topology spread with maxSkew 0', ['PostgresClusterProps.topologySpreadConstraints'], p({ topologySpreadConstraints: [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }] }),
    /topologySpreadConstraints\[0\]\.maxSkew: 0 is not valid/],
  ['unknown update strategy', ['PostgresClusterProps.updateStrategy'], p({ updateStrategy: 'Sometimes' as SpiloUpdateStrategy }), /updateStrategy: 'Sometimes' is not valid/],
  ['volume selector with a bad label key', ['PostgresClusterProps.volume', 'PostgresVolume.selector'], p({ volume: { selector: { matchLabels: { 'bad key': 'x' } } } }), /volume\.selector.* 'bad key' is not valid/],
  ['pgdata subPath expression without subPath', ['PostgresVolume.subPathIsExpression'], p({ volume: { subPathIsExpression: true } }), /volume\.subPathIsExpression: needs volume\.subPath, the expression/],
  ['additional volume subPath expression without subPath', ['AdditionalVolume.subPathIsExpression'], p({ additionalVolumes: [{ volume: { name: 'a', emptyDir: {} }, mountPath: '/a', subPathIsExpression: true }] }),
    /additionalVolumes\[0\]\.subPathIsExpression: needs additionalVolumes\[0\]\.subPath/],
  ['load balancer traffic policy unknown', ['PostgresClusterProps.loadBalancer', 'LoadBalancerOptions.externalTrafficPolicy'], p({ loadBalancer: { master: true, externalTrafficPolicy: 'Nowhere' as any } }),
    /loadBalancer\.externalTrafficPolicy: 'Nowhere' is not valid/],
  ['strict synchronous mode with one instance', ['PostgresClusterProps.patroni', 'PatroniOptions.synchronousModeStrict'], p({ instances: 1, patroni: { synchronousMode: true, synchronousModeStrict: true } }),
    /patroni\.synchronousModeStrict: needs at least 2 instances/],
];

/** Inputs accepted today, with the file where the check belongs (reported). */
const GAPS: Record<string, string> = {};

export const rows: BadInputRow[] = ROWS.map(([title, covers, input, error]) =>
  ({ ...row(title, covers, input, error), ...(GAPS[title] ? { knownGap: GAPS[title] } : {}) }));
