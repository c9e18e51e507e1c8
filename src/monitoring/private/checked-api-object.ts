import { ApiObject, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * An ApiObject that runs a check before cdk8s serializes it. cdk8s wraps an error thrown while it resolves a lazy
 * value in a plain Error ("Failed serializing construct ..."); a check run here reaches the caller as it was thrown.
 */
export class CheckedApiObject extends ApiObject {
  constructor(scope: Construct, id: string, props: ApiObjectProps, private readonly check: () => void) {
    super(scope, id, props);
  }

  public toJson(): any {
    this.check();
    return super.toJson();
  }
}
