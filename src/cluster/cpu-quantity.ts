/**
 * A CPU request or limit: `CpuQuantity.millis(500)`, `CpuQuantity.units(2)` or `CpuQuantity.of('250m')`.
 *
 * Ours rather than cdk8s-plus's `Cpu` so that an app on any cdk8s-plus line (cdk8s-plus-33 is what
 * `cdk8s init` scaffolds) can pass it from Python, Java and Go. In TypeScript, a `Cpu` of any cdk8s-plus
 * line is accepted too: it has the same shape (`amount`). Checked where it is used, with the prop's name:
 * a whole number of millicores, at least one.
 */
export class CpuQuantity {
  /** Thousandths of a core, e.g. `millis(500)` is `500m`. */
  public static millis(amount: number): CpuQuantity {
    return new CpuQuantity(`${amount}m`);
  }

  /** Whole or fractional cores, e.g. `units(2)` is `2`, `units(0.5)` is `0.5`. */
  public static units(amount: number): CpuQuantity {
    return new CpuQuantity(`${amount}`);
  }

  /** A Kubernetes CPU quantity as written in a manifest, e.g. `500m` or `2`. */
  public static of(quantity: string): CpuQuantity {
    return new CpuQuantity(quantity);
  }

  /** The quantity as Kubernetes spells it, e.g. `500m`. */
  public readonly amount: string;

  private constructor(amount: string) {
    this.amount = amount;
  }
}
