/**
 * RBAC rules the API server checks beyond the schema: a policy rule has verbs
 * and either resources (with API groups) or non-resource URLs (cluster roles
 * only); a binding refers to a Role or ClusterRole of the RBAC group by a
 * path-segment name, and each subject is a well-formed ServiceAccount, User
 * or Group.
 */

import { IssueSink, field, index } from './issues';
import { isObject, list } from './json';
import { dns1123Subdomain, pathSegmentName } from './names';

const RULE = 'rbac/rule';
const BINDING = 'rbac/binding';
const GROUP = 'rbac.authorization.k8s.io';

function checkPolicyRules(rules: unknown, namespaced: boolean, sink: IssueSink): void {
  list(rules).forEach((r, i) => {
    if (!isObject(r)) return;
    const p = index('rules', i);
    if (list(r.verbs).length === 0) sink.add(field(p, 'verbs'), RULE, 'a rule needs at least one verb');
    if (list(r.nonResourceURLs).length > 0) {
      if (namespaced) sink.add(field(p, 'nonResourceURLs'), RULE, 'a Role (namespaced) cannot grant non-resource URLs');
      if ([r.apiGroups, r.resources, r.resourceNames].some((l) => list(l).length > 0)) {
        sink.add(field(p, 'nonResourceURLs'), RULE, 'a rule grants either resources or non-resource URLs, not both');
      }
      return;
    }
    if (list(r.apiGroups).length === 0) sink.add(field(p, 'apiGroups'), RULE, 'a resource rule needs at least one API group ("" is the core group)');
    if (list(r.resources).length === 0) sink.add(field(p, 'resources'), RULE, 'a resource rule needs at least one resource');
  });
}

function checkSubject(s: Record<string, any>, p: string, namespaced: boolean, sink: IssueSink): void {
  const name = typeof s.name === 'string' ? s.name : '';
  if (name === '') sink.add(field(p, 'name'), BINDING, 'a subject needs a name');
  const group = typeof s.apiGroup === 'string' ? s.apiGroup : '';
  switch (s.kind) {
    case 'ServiceAccount': {
      const bad = name === '' ? undefined : dns1123Subdomain(name);
      if (bad) sink.add(field(p, 'name'), BINDING, `ServiceAccount name ${JSON.stringify(name)} ${bad}`);
      if (group !== '') sink.add(field(p, 'apiGroup'), BINDING, `a ServiceAccount subject has apiGroup "", not ${JSON.stringify(group)}`);
      if (!namespaced && !s.namespace) sink.add(field(p, 'namespace'), BINDING, 'a ServiceAccount subject of a ClusterRoleBinding needs a namespace');
      return;
    }
    case 'User':
    case 'Group':
      // "" is defaulted to the RBAC group
      if (group !== '' && group !== GROUP) sink.add(field(p, 'apiGroup'), BINDING, `a ${s.kind} subject has apiGroup ${GROUP}, not ${JSON.stringify(group)}`);
      return;
    default:
      sink.add(field(p, 'kind'), BINDING, `subject kind ${JSON.stringify(s.kind)} is not ServiceAccount, User or Group`);
  }
}

function checkBinding(obj: any, namespaced: boolean, sink: IssueSink): void {
  const ref = isObject(obj.roleRef) ? obj.roleRef : {};
  // "" is defaulted to the RBAC group
  if (ref.apiGroup !== GROUP && ref.apiGroup !== '') sink.add('roleRef.apiGroup', BINDING, `roleRef.apiGroup must be ${GROUP}`);
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) sink.add('roleRef.kind', BINDING, `roleRef.kind ${JSON.stringify(ref.kind)} is not ${kinds.join(' or ')}`);
  if (typeof ref.name === 'string') {
    const bad = ref.name === '' ? 'is required' : pathSegmentName(ref.name);
    if (bad) sink.add('roleRef.name', BINDING, `roleRef.name ${JSON.stringify(ref.name)} ${bad}`);
  }
  list(obj.subjects).forEach((s, i) => { if (isObject(s)) checkSubject(s, index('subjects', i), namespaced, sink); });
}

export function checkRbac(obj: any, sink: IssueSink): void {
  if (obj.apiVersion !== `${GROUP}/v1`) return;
  switch (obj.kind) {
    case 'Role': return checkPolicyRules(obj.rules, true, sink);
    case 'ClusterRole': return checkPolicyRules(obj.rules, false, sink);
    case 'RoleBinding': return checkBinding(obj, true, sink);
    case 'ClusterRoleBinding': return checkBinding(obj, false, sink);
    default: return;
  }
}
