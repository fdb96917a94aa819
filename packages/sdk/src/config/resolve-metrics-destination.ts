/** Where EMF documents go. In Lambda always stdout; elsewhere the CloudWatch agent when the environment says so. */
export type MetricsDestination =
  | { readonly kind: 'stdout' }
  | {
      readonly kind: 'agent';
      /** Which aws-embedded-metrics environment decided it: AWS_EMF_ENVIRONMENT, or ECS detected from its variables. */
      readonly environment: 'EC2' | 'ECS' | 'Agent';
      /** `tcp://host:port` or `udp://host:port`; undefined lets aws-embedded-metrics use its default (tcp 25888). */
      readonly endpoint: string | undefined;
      readonly logGroupName: string | undefined;
      readonly logStreamName: string | undefined;
    };

/** The CloudWatch agent's EMF port. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Generation_CloudWatch_Agent.html */
export const AGENT_PORT = 25888;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Mirrors aws-embedded-metrics' choice without its network probe: AWS_EMF_ENVIRONMENT wins, ECS is recognised
 * from its metadata variable, and anything else (a laptop, a test, an EC2 host without the override) writes
 * to stdout, because probing the EC2 metadata endpoint would stall every local run.
 */
export function resolveMetricsDestination(env: Env, service: string): MetricsDestination {
  if (env.AWS_LAMBDA_FUNCTION_NAME) return { kind: 'stdout' };
  const override = env.AWS_EMF_ENVIRONMENT;
  const ecsDetected = Boolean(env.ECS_CONTAINER_METADATA_URI || env.ECS_CONTAINER_METADATA_URI_V4);
  const environment =
    override === 'EC2' || override === 'ECS' || override === 'Agent'
      ? override
      : override === 'Local' || override === 'Lambda' || !ecsDetected
        ? undefined
        : 'ECS';
  if (environment === undefined) return { kind: 'stdout' };
  // FireLens: aws-embedded-metrics sends to the Fluent Bit sidecar, which routes by its own config, not a log group.
  const fluentHost = environment === 'ECS' && !env.AWS_EMF_AGENT_ENDPOINT ? env.FLUENT_HOST : undefined;
  return {
    kind: 'agent',
    environment,
    endpoint: env.AWS_EMF_AGENT_ENDPOINT || (fluentHost ? `tcp://${fluentHost}:${AGENT_PORT}` : undefined),
    logGroupName: fluentHost ? undefined : env.AWS_EMF_LOG_GROUP_NAME || `${service}-metrics`,
    logStreamName: env.AWS_EMF_LOG_STREAM_NAME || undefined,
  };
}
