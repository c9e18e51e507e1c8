import { k8s } from 'cdk8s-plus-28';

/**
 * Security contexts of the Jobs that run the Spilo image's tools (credentials script, psql): the
 * `restricted` Pod Security level, as uid 101 (postgres in the Spilo image).
 */
export const SPILO_JOB_POD_SECURITY: k8s.PodSecurityContext = {
  runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, seccompProfile: { type: 'RuntimeDefault' },
};

export const SPILO_JOB_CONTAINER_SECURITY: k8s.SecurityContext = {
  allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
};
