import { createHash } from 'node:crypto';

/**
 * Lambda functions and provisioned-concurrency configurations seeded by tests, rendered as the Lambda API's
 * FunctionConfiguration. https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
 */
export interface FunctionSpec {
  readonly functionName: string;
  readonly runtime?: string;
  readonly memorySizeMb?: number;
  readonly timeoutSeconds?: number;
  readonly architecture?: 'x86_64' | 'arm64';
  readonly handler?: string;
  readonly logFormat?: 'Text' | 'JSON';
  readonly applicationLogLevel?: string;
  readonly systemLogLevel?: string;
  /** Defaults to /aws/lambda/<name>; advanced logging controls let several functions share a group. */
  readonly logGroup?: string;
  readonly snapStartApplyOn?: 'None' | 'PublishedVersions';
  /** Published versions and aliases that GetFunctionConfiguration accepts as a Qualifier. */
  readonly qualifiers?: readonly string[];
  readonly lastModified?: string;
}

export interface ProvisionedConcurrencySpec {
  readonly functionName: string;
  readonly qualifier: string;
  readonly requested: number;
  readonly allocated?: number;
  readonly available?: number;
  readonly status?: 'IN_PROGRESS' | 'READY' | 'FAILED';
  readonly statusReason?: string;
}

export class LambdaStore {
  private readonly functions = new Map<string, FunctionSpec>();
  private readonly provisioned = new Map<string, ProvisionedConcurrencySpec>();

  constructor(
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  putFunction(spec: FunctionSpec): void {
    this.functions.set(spec.functionName, spec);
  }

  putProvisionedConcurrencyConfig(spec: ProvisionedConcurrencySpec): void {
    if (!this.functions.has(spec.functionName)) {
      throw new Error(`local AWS: seed the function ${spec.functionName} before its provisioned concurrency`);
    }
    this.provisioned.set(`${spec.functionName}:${spec.qualifier}`, spec);
  }

  getFunction(functionName: string): FunctionSpec | undefined {
    return this.functions.get(functionName);
  }

  listFunctions(): FunctionSpec[] {
    return [...this.functions.values()].sort((a, b) => (a.functionName < b.functionName ? -1 : 1));
  }

  getProvisionedConcurrency(functionName: string, qualifier: string): ProvisionedConcurrencySpec | undefined {
    return this.provisioned.get(`${functionName}:${qualifier}`);
  }

  listProvisionedConcurrency(functionName: string): ProvisionedConcurrencySpec[] {
    return [...this.provisioned.values()].filter((spec) => spec.functionName === functionName);
  }

  functionArn(functionName: string, qualifier?: string): string {
    const base = `arn:aws:lambda:${this.region}:${this.accountId}:function:${functionName}`;
    return qualifier === undefined || qualifier === '$LATEST' ? base : `${base}:${qualifier}`;
  }

  toConfiguration(spec: FunctionSpec, qualifier: string | undefined): Record<string, unknown> {
    const version = qualifier !== undefined && /^\d+$/.test(qualifier) ? qualifier : '$LATEST';
    return {
      FunctionName: spec.functionName,
      FunctionArn: this.functionArn(spec.functionName, qualifier),
      Runtime: spec.runtime ?? 'nodejs20.x',
      Role: `arn:aws:iam::${this.accountId}:role/${spec.functionName}-role`,
      Handler: spec.handler ?? 'index.handler',
      CodeSize: 1024,
      Description: '',
      Timeout: spec.timeoutSeconds ?? 3,
      MemorySize: spec.memorySizeMb ?? 128,
      LastModified: spec.lastModified ?? '2024-01-01T00:00:00.000+0000',
      CodeSha256: createHash('sha256').update(spec.functionName).digest('base64'),
      Version: version,
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: '00000000-0000-4000-8000-000000000000',
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: [spec.architecture ?? 'x86_64'],
      EphemeralStorage: { Size: 512 },
      SnapStart: {
        ApplyOn: spec.snapStartApplyOn ?? 'None',
        OptimizationStatus: spec.snapStartApplyOn === 'PublishedVersions' && version !== '$LATEST' ? 'On' : 'Off',
      },
      LoggingConfig: {
        LogFormat: spec.logFormat ?? 'Text',
        ...(spec.applicationLogLevel === undefined ? {} : { ApplicationLogLevel: spec.applicationLogLevel }),
        ...(spec.systemLogLevel === undefined ? {} : { SystemLogLevel: spec.systemLogLevel }),
        LogGroup: spec.logGroup ?? `/aws/lambda/${spec.functionName}`,
      },
    };
  }
}
