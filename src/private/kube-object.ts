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

/** A typed k8s.Kube* class: its constructor takes `{ metadata, ...body }`. */
export type KubeClass<T extends ApiObject> = new (scope: Construct, id: string, props: any) => T;

const plainRendering = new Map<KubeClass<ApiObject>, KubeClass<ApiObject>>();

/**
 * Like kubeObject(), for an object a public API exposes as its typed class: an instance of a subclass that
 * renders as a plain ApiObject. The body must be in JSON form, with typed user input passed through the
 * k8s.toJson_* functions, so the manifest is the one the typed conversion would give.
 */
export function typedKubeObject<T extends ApiObject>(type: KubeClass<T>, scope: Construct, id: string,
  metadata: ApiObjectMetadata, body: Record<string, unknown>): T {
  let plain = plainRendering.get(type);
  if (plain === undefined) {
    plain = class extends (type as KubeClass<ApiObject>) {
      public toJson(): any {
        return ApiObject.prototype.toJson.call(this);
      }
    };
    plainRendering.set(type, plain);
  }
  return new plain(scope, id, { metadata, ...body }) as T;
}
