/** One database Service, resolved: `<c>` (primary) or `<c>-repl` (replicas). */
export interface ResolvedService {
  readonly name: string;
  readonly role: 'master' | 'replica';
  readonly annotations: Record<string, string>;
  /** Source ranges and traffic policy when the Service is a load balancer. */
  readonly loadBalancer?: { readonly sourceRanges: string[]; readonly externalTrafficPolicy: string };
}

export interface ResolvedServices {
  readonly primary: ResolvedService;
  readonly replica: ResolvedService;
}
