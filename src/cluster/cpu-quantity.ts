/**
 * A CPU request or limit: anything with a Kubernetes CPU quantity in `amount`.
 *
 * A `Cpu` of any cdk8s-plus line (cdk8s-plus-33 is what `cdk8s init` scaffolds) is one, in TypeScript,
 * Python and Go; Java passes `CpuQuantity`. Checked where it is used, with the prop's name: a whole
 * number of millicores.
 */
export interface ICpuQuantity {
  /** The quantity as Kubernetes spells it, e.g. `500m` or `2`. */
  readonly amount: string;
}

/**
 * A CPU quantity without cdk8s-plus: `CpuQuantity.millis(500)`, `CpuQuantity.units(2)` or
 * `CpuQuantity.of('250m')`.
 */
export class CpuQuantity implements ICpuQuantity {
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

  public readonly amount: string;

  private constructor(amount: string) {
    this.amount = amount;
  }
}
