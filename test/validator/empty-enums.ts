/**
 * Enum fields where the API server takes "" as unset, so the schema's enum
 * does not apply to "": defaulting fills them in (imagePullPolicy,
 * restartPolicy, dnsPolicy, port protocol, strategies, Service type and
 * session affinity...), or "" has a meaning (a toleration's operator "" is
 * Equal, its effect "" matches every effect).
 * Each was measured against real API servers (agreement-cases.ts); other
 * enums, such as seccompProfile.type, refuse "".
 */

const EMPTY_MEANS_UNSET: readonly RegExp[] = [
  /\.tolerations\[\d+\]\.(operator|effect)$/,
  /[cC]ontainers\[\d+\]\.(imagePullPolicy|terminationMessagePolicy)$/,
  /(^|\.)spec\.(restartPolicy|dnsPolicy)$/,
  /\.ports\[\d+\]\.protocol$/,
  // Service
  /^spec\.(type|sessionAffinity)$/,
  // Deployment, StatefulSet, DaemonSet
  /^spec\.(strategy\.type|updateStrategy\.type|podManagementPolicy)$/,
];

/** Whether "" at this JSON path is accepted although the field's schema lists an enum. */
export function emptyMeansUnset(path: string): boolean {
  return EMPTY_MEANS_UNSET.some((re) => re.test(path));
}
