/** A NodePort Service's fields, resolved. */
export interface ResolvedNodePort {
  /** The fixed node port; Kubernetes picks one when unset. */
  readonly port?: number;
  readonly externalTrafficPolicy: string;
  /** CIDRs the NetworkPolicies admit for it (Kubernetes has no source ranges for node ports). */
  readonly policySources: string[];
}

/** One database Service, resolved: `<c>` (primary) or `<c>-repl` (replicas). */
export interface ResolvedService {
  readonly name: string;
  readonly role: 'master' | 'replica';
  readonly annotations: Record<string, string>;
  /** Source ranges and traffic policy when the Service is a load balancer. */
  readonly loadBalancer?: { readonly sourceRanges: string[]; readonly externalTrafficPolicy: string };
  /** Set when the Service is a NodePort (never together with `loadBalancer`). */
  readonly nodePort?: ResolvedNodePort;
}

export interface ResolvedServices {
  readonly primary: ResolvedService;
  readonly replica: ResolvedService;
}
