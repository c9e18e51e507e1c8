import { builtinSchema } from './schema-load';
import { goNameToDefName, parseGoOpenApi } from '../../scripts/schema/go-openapi';

describe('schema derivation', () => {
  test('Go type names map to swagger definition names', () => {
    expect(goNameToDefName('k8s.io/api/core/v1.Container')).toBe('io.k8s.api.core.v1.Container');
    expect(goNameToDefName('k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta')).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
  });

  test('enums and defaults are read from the generated Go definitions, top-level properties only', () => {
    const T = '\t';
    const src = [
      'func GetOpenAPIDefinitions(ref common.ReferenceCallback) map[string]common.OpenAPIDefinition {',
      `${T}return map[string]common.OpenAPIDefinition{`,
      `${T}${T}"k8s.io/api/core/v1.Widget": schema_k8sio_api_core_v1_Widget(ref),`,
      `${T}}`,
      '}',
      'func schema_k8sio_api_core_v1_Widget(ref common.ReferenceCallback) common.OpenAPIDefinition {',
      `${T}return common.OpenAPIDefinition{`,
      `${T}${T}Schema: spec.Schema{`,
      `${T}${T}${T}SchemaProps: spec.SchemaProps{`,
      `${T}${T}${T}${T}Properties: map[string]spec.Schema{`,
      `${T}${T}${T}${T}${T}"mode": {`,
      `${T}${T}${T}${T}${T}${T}SchemaProps: spec.SchemaProps{`,
      `${T}${T}${T}${T}${T}${T}${T}Default: "Fast",`,
      `${T}${T}${T}${T}${T}${T}${T}Enum:    []interface{}{"Fast", "Slow"},`,
      `${T}${T}${T}${T}${T}${T}},`,
      `${T}${T}${T}${T}${T}},`,
      `${T}${T}${T}${T}${T}"modes": {`,
      `${T}${T}${T}${T}${T}${T}SchemaProps: spec.SchemaProps{`,
      `${T}${T}${T}${T}${T}${T}${T}Items: &spec.SchemaOrArray{`,
      `${T}${T}${T}${T}${T}${T}${T}${T}Schema: &spec.Schema{SchemaProps: spec.SchemaProps{`,
      `${T}${T}${T}${T}${T}${T}${T}${T}${T}Enum: []interface{}{"A", "B"},`,
      `${T}${T}${T}${T}${T}${T}${T}${T}}},`,
      `${T}${T}${T}${T}${T}${T}${T}},`,
      `${T}${T}${T}${T}${T}${T}},`,
      `${T}${T}${T}${T}${T}},`,
      `${T}${T}${T}${T}},`,
      `${T}${T}${T}},`,
      `${T}${T}},`,
      `${T}}`,
      '}',
    ].join('\n');
    expect(parseGoOpenApi(src)).toEqual({
      'io.k8s.api.core.v1.Widget': { mode: { enum: ['Fast', 'Slow'], default: 'Fast' }, modes: { enum: ['A', 'B'], itemsEnum: true } },
    });
  });

  test('the derived 1.28 schema knows kinds, scopes, enums and list-map keys', () => {
    const s = builtinSchema();
    expect(s.source).toBe('k8s.io/kubernetes@v1.28.15');
    expect(s.kinds['apps/v1/StatefulSet']).toEqual({ def: 'io.k8s.api.apps.v1.StatefulSet', namespaced: true });
    expect(s.kinds['v1/Namespace'].namespaced).toBe(false);
    expect(s.kinds['policy/v1beta1/PodDisruptionBudget']).toBeUndefined();
    expect(s.defs['io.k8s.api.core.v1.PodSpec'].props?.restartPolicy.enum).toEqual(['Always', 'Never', 'OnFailure']);
    expect(s.defs['io.k8s.api.core.v1.Container'].props?.ports.listKeys).toEqual(['containerPort', 'protocol']);
    expect(s.defs['io.k8s.apimachinery.pkg.api.resource.Quantity']).toEqual({ type: 'quantity' });
  });
});
