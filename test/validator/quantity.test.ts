import { isQuantity, isQuantityString, quantityValue } from './quantity';

describe('resource.Quantity syntax', () => {
  test.each(['1Gi', '500m', '1.5', '0', '.5', '5.', '+1', '-1', '1e3', '1E-3', '2E', '100Ki', '1.5Gi', '12345678901234'])('%s is a quantity', (q) => {
    expect(isQuantityString(q)).toBe(true);
  });

  test.each(['1 Gi', '1GB', '1gi', 'Gi', '', ' 1', '1.2.3', '1e', '1Kb', '1mi', '0x10', '1,5'])('%j is not a quantity', (q) => {
    expect(isQuantityString(q)).toBe(false);
  });

  test('JSON numbers are quantities too (YAML `cpu: 1`), NaN is not', () => {
    expect(isQuantity(2)).toBe(true);
    expect(isQuantity(0.25)).toBe(true);
    expect(isQuantity(NaN)).toBe(false);
    expect(isQuantity(true)).toBe(false);
  });

  test('values compare across suffixes', () => {
    expect(quantityValue('1Gi')).toBe(2 ** 30);
    expect(quantityValue('500m')).toBeCloseTo(0.5);
    expect(quantityValue('1e3')).toBe(1000);
    expect(quantityValue('2k')).toBe(2000);
    expect(quantityValue(1.5)).toBe(1.5);
    expect(quantityValue('1 Gi')).toBeUndefined();
  });
});
