import { CredentialsConfig } from './private/types';

/** Keys of an existing Secret holding an AWS access key pair. */
export interface AwsAccessKeySecretOptions {
  /** Name of the Secret in the cluster's namespace. */
  readonly secretName: string;
  /**
   * Key holding the access key id.
   * @default 'AWS_ACCESS_KEY_ID'
   */
  readonly accessKeyIdKey?: string;
  /**
   * Key holding the secret access key.
   * @default 'AWS_SECRET_ACCESS_KEY'
   */
  readonly secretAccessKeyKey?: string;
}

/** An existing Secret holding a GCP service-account key (JSON). */
export interface GcpServiceAccountKeyOptions {
  /** Name of the Secret in the cluster's namespace. */
  readonly secretName: string;
  /**
   * Key holding the JSON key file.
   * @default 'key.json'
   */
  readonly key?: string;
}

/** An existing Secret holding one Azure credential value. */
export interface AzureSecretKeyOptions {
  /** Name of the Secret in the cluster's namespace. */
  readonly secretName: string;
  /**
   * Key holding the value.
   * @default - 'AZURE_STORAGE_ACCESS_KEY' for an access key, 'AZURE_STORAGE_SAS_TOKEN' for a SAS token
   */
  readonly key?: string;
}

/** An Azure service principal whose client secret is in an existing Secret. */
export interface AzureServicePrincipalOptions {
  /** Application (client) id of the service principal. */
  readonly clientId: string;
  /** Directory (tenant) id. */
  readonly tenantId: string;
  /** Name of the Secret in the cluster's namespace holding the client secret. */
  readonly secretName: string;
  /**
   * Key holding the client secret.
   * @default 'AZURE_CLIENT_SECRET'
   */
  readonly clientSecretKey?: string;
}

/**
 * How the database pods (and the logical backup Job) authenticate to object storage.
 *
 * Workload identity is rendered as annotations on the ServiceAccount; static credentials are
 * always read from an existing Secret (never a key in props, never a key in git).
 */
export class StorageCredentials {
  /**
   * AWS IAM role for service accounts (IRSA): annotation `eks.amazonaws.com/role-arn` on the
   * ServiceAccount; EKS injects `AWS_ROLE_ARN` and the web identity token. Clone and standby
   * sources get `*_AWS_ROLE_ARN` and `*_AWS_WEB_IDENTITY_TOKEN_FILE` like the operator renders them.
   */
  public static irsa(roleArn: string): StorageCredentials {
    return new StorageCredentials({ kind: 'irsa', roleArn });
  }

  /**
   * Whatever identity the platform gives the node (EC2 instance profile or a metadata proxy such
   * as kube2iam, the GCE node service account, an Azure managed identity reachable through IMDS).
   * Nothing is rendered.
   */
  public static nodeIdentity(): StorageCredentials {
    return new StorageCredentials({ kind: 'node' });
  }

  /** An AWS (or S3-compatible) access key pair from an existing Secret, referenced by `secretKeyRef`. */
  public static awsAccessKeys(options: AwsAccessKeySecretOptions): StorageCredentials {
    return new StorageCredentials({
      kind: 'aws-keys',
      secretName: options.secretName,
      keys: {
        accessKeyId: options.accessKeyIdKey ?? 'AWS_ACCESS_KEY_ID',
        secretAccessKey: options.secretAccessKeyKey ?? 'AWS_SECRET_ACCESS_KEY',
      },
    });
  }

  /**
   * GKE workload identity: annotation `iam.gke.io/gcp-service-account` on the ServiceAccount; the
   * tools use the metadata server.
   */
  public static gkeWorkloadIdentity(gcpServiceAccount: string): StorageCredentials {
    return new StorageCredentials({ kind: 'gke', gcpServiceAccount });
  }

  /** A GCP service-account JSON key from an existing Secret, mounted as a file. */
  public static gcpServiceAccountKey(options: GcpServiceAccountKeyOptions): StorageCredentials {
    return new StorageCredentials({ kind: 'gcp-key', secretName: options.secretName, keys: { key: options.key ?? 'key.json' } });
  }

  /** An Azure storage account access key from an existing Secret (`AZURE_STORAGE_ACCESS_KEY`). */
  public static azureAccessKey(options: AzureSecretKeyOptions): StorageCredentials {
    return new StorageCredentials({ kind: 'azure-key', secretName: options.secretName, keys: { key: options.key ?? 'AZURE_STORAGE_ACCESS_KEY' } });
  }

  /** An Azure SAS token from an existing Secret (`AZURE_STORAGE_SAS_TOKEN`). */
  public static azureSasToken(options: AzureSecretKeyOptions): StorageCredentials {
    return new StorageCredentials({ kind: 'azure-sas', secretName: options.secretName, keys: { key: options.key ?? 'AZURE_STORAGE_SAS_TOKEN' } });
  }

  /** An Azure service principal (`AZURE_CLIENT_ID`, `AZURE_TENANT_ID`, `AZURE_CLIENT_SECRET` from a Secret). */
  public static azureServicePrincipal(options: AzureServicePrincipalOptions): StorageCredentials {
    return new StorageCredentials({
      kind: 'azure-sp',
      clientId: options.clientId,
      tenantId: options.tenantId,
      secretName: options.secretName,
      keys: { key: options.clientSecretKey ?? 'AZURE_CLIENT_SECRET' },
    });
  }

  /** @internal */
  public readonly _config: CredentialsConfig;

  private constructor(config: CredentialsConfig) {
    this._config = config;
  }
}
