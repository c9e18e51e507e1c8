import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * A Kubernetes object whose body is already in its JSON form (quantities and int-or-strings as plain
 * strings and numbers), for objects no public API exposes as a typed k8s.Kube* class. cdk8s sorts
 * every object's keys when it renders, which is the field order the typed classes emit (their
 * schema is alphabetical), so the manifest is the same without their per-field conversion, which
 * costs about as much as the rest of the rendering.
 */
export function kubeObject(scope: Construct, id: string, gvk: GroupVersionKind, metadata: ApiObjectMetadata,
  body: Record<string, unknown>): ApiObject {
  return new ApiObject(scope, id, { apiVersion: gvk.apiVersion, kind: gvk.kind, metadata, ...body });
}
