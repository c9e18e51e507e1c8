/**
 * Enum fields where the API server takes "" as unset, so the schema's enum
 * does not apply to "": defaulting fills them in (imagePullPolicy,
 * restartPolicy, port protocol, Service type), or "" has a meaning (a
 * toleration's operator "" is Equal, its effect "" matches every effect).
 * Each was measured against real API servers (agreement-cases.ts); other
 * enums, such as seccompProfile.type, refuse "".
 */

const EMPTY_MEANS_UNSET: readonly RegExp[] = [
  /\.tolerations\[\d+\]\.(operator|effect)$/,
  /[cC]ontainers\[\d+\]\.imagePullPolicy$/,
  /(^|\.)spec\.restartPolicy$/,
  /\.ports\[\d+\]\.protocol$/,
  /^spec\.type$/,
];

/** Whether "" at this JSON path is accepted although the field's schema lists an enum. */
export function emptyMeansUnset(path: string): boolean {
  return EMPTY_MEANS_UNSET.some((re) => re.test(path));
}
