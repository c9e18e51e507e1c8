// Bad networkPolicies input, on the cluster and on the fleet: switches, client lists, ports and CIDRs.
import { PostgresClient } from '../../../src';
import { BadInputRow, row } from '../row';

const api = PostgresClient.fromLabels({ app: 'api' });

export const rows: BadInputRow[] = [
  row('networkPolicies that is a boolean', 'PostgresClusterProps.networkPolicies', () => ({ props: { networkPolicies: false as any } }),
    /networkPolicies: false is not valid; expected an object/),
  row('fleet networkPolicies that is a string', 'FleetDefaultsProps.networkPolicies', () => ({ fleet: { networkPolicies: 'off' as any } }),
    /fleet\.networkPolicies: 'off' is not valid; expected an object/),
  row('enabled as a string', 'NetworkPolicyOptions.enabled', () => ({ props: { networkPolicies: { enabled: 'false' as any } } }),
    /networkPolicies\.enabled: 'false' is not valid; expected true or false/),
  row('clients that is one client', 'NetworkPolicyOptions.clients', () => ({ props: { networkPolicies: { clients: api as any } } }),
    /networkPolicies\.clients: .* is not valid; expected a list of PostgresClient/),
  row('a client that is a label map', 'NetworkPolicyOptions.clients', () => ({ fleet: { networkPolicies: { clients: [{ app: 'api' } as any] } } }),
    /fleet\.networkPolicies\.clients\[0\]: \{"app":"api"\} is not valid; expected a PostgresClient/),
  row('a monitoring client that is a namespace name', 'NetworkPolicyOptions.monitoringClients', () => ({ props: { networkPolicies: { monitoringClients: ['monitoring' as any] } } }),
    /networkPolicies\.monitoringClients\[0\]: 'monitoring' is not valid; expected a PostgresClient/),
  row('an API server port of 0', 'NetworkPolicyOptions.apiServerPorts', () => ({ props: { networkPolicies: { apiServerPorts: [0] } } }),
    /networkPolicies\.apiServerPorts\[0\]: 0 is not valid; expected a TCP port from 1 to 65535/),
  row('no API server ports', 'NetworkPolicyOptions.apiServerPorts', () => ({ fleet: { networkPolicies: { apiServerPorts: [] } } }),
    /fleet\.networkPolicies\.apiServerPorts: \[\] is not valid; expected a non-empty list of TCP ports/),
  row('an API server address without prefix length', 'NetworkPolicyOptions.apiServerCidrs', () => ({ props: { networkPolicies: { apiServerCidrs: ['10.0.0.1'] } } }),
    /networkPolicies\.apiServerCidrs\[0\]: '10\.0\.0\.1' is not valid; expected an IPv4 or IPv6 CIDR/),
  row('a storage port above 65535', 'NetworkPolicyOptions.storagePorts', () => ({ props: { networkPolicies: { storagePorts: [65536] } } }),
    /networkPolicies\.storagePorts\[0\]: 65536 is not valid; expected a TCP port from 1 to 65535/),
  row('storage CIDRs that are a string', 'NetworkPolicyOptions.storageCidrs', () => ({ fleet: { networkPolicies: { storageCidrs: '0.0.0.0/0' as any } } }),
    /fleet\.networkPolicies\.storageCidrs: '0\.0\.0\.0\/0' is not valid; expected a non-empty list of CIDRs/),
  row('a fractional egress port', 'NetworkPolicyOptions.additionalEgressPorts', () => ({ props: { networkPolicies: { additionalEgressPorts: [24224.5] } } }),
    /networkPolicies\.additionalEgressPorts\[0\]: 24224\.5 is not valid; expected a TCP port from 1 to 65535/),
];
