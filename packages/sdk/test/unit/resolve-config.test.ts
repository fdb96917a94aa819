import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { resolveMetricsDestination } from '../../src/config/resolve-metrics-destination.js';

const LAMBDA = { AWS_LAMBDA_FUNCTION_NAME: 'orders-fn' };

describe('resolveConfig', () => {
  it('fills defaults from the environment', () => {
    const { config, warnings } = resolveConfig(undefined, LAMBDA);
    expect(config).toMatchObject({
      namespace: 'lambdatop',
      service: 'orders-fn',
      logLevel: 'info',
      logLevelSource: 'default',
      timeoutMarginMs: undefined,
      flushBeforeTimeout: true,
      metricsDestination: { kind: 'stdout' },
      tracing: 'auto',
      captureResponse: false,
      xrayDaemon: undefined,
    });
    expect([...config.dimensions]).toEqual([['service', 'orders-fn']]);
    expect(warnings).toEqual([]);
    expect(resolveConfig({}, {}).config.service).toBe('unknown-service');
  });

  it('keeps the options given, service first among the dimensions', () => {
    const { config } = resolveConfig(
      {
        namespace: 'Shop',
        service: 'orders',
        dimensions: { stage: 'prod', region: 'eu-west-1' },
        logLevel: 'DEBUG',
        timeoutMarginMs: 800,
        flushBeforeTimeout: false,
      },
      LAMBDA,
    );
    expect([...config.dimensions]).toEqual([
      ['service', 'orders'],
      ['stage', 'prod'],
      ['region', 'eu-west-1'],
    ]);
    expect(config).toMatchObject({
      namespace: 'Shop',
      logLevel: 'debug',
      logLevelSource: 'option',
      timeoutMarginMs: 800,
      flushBeforeTimeout: false,
    });
  });

  it('reads the X-Ray daemon address, warning about one it cannot use', () => {
    expect(resolveConfig({ tracing: 'xray' }, { AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000' }).config).toMatchObject(
      {
        tracing: 'xray',
        xrayDaemon: { host: '169.254.79.129', port: 2000 },
      },
    );
    const both = resolveConfig({}, { AWS_XRAY_DAEMON_ADDRESS: 'tcp:10.0.0.1:2001 udp:10.0.0.2:2002' });
    expect(both.config.xrayDaemon).toEqual({ host: '10.0.0.2', port: 2002 });
    const broken = resolveConfig({}, { AWS_XRAY_DAEMON_ADDRESS: 'localhost' });
    expect(broken.config.xrayDaemon).toBeNull();
    expect(broken.warnings).toEqual([expect.stringContaining('AWS_XRAY_DAEMON_ADDRESS="localhost" is neither')]);
  });

  it('reads the log level from AWS_LAMBDA_LOG_LEVEL, then LOG_LEVEL, warning about values it cannot use', () => {
    expect(resolveConfig({}, { AWS_LAMBDA_LOG_LEVEL: 'WARN', LOG_LEVEL: 'debug' }).config).toMatchObject({
      logLevel: 'warn',
      logLevelSource: 'AWS_LAMBDA_LOG_LEVEL',
    });
    const fallback = resolveConfig({}, { AWS_LAMBDA_LOG_LEVEL: 'LOUD', LOG_LEVEL: 'error' });
    expect(fallback.config).toMatchObject({ logLevel: 'error', logLevelSource: 'LOG_LEVEL' });
    expect(fallback.warnings).toEqual([expect.stringContaining('AWS_LAMBDA_LOG_LEVEL="LOUD" is not a log level')]);
    expect(resolveConfig({ logLevel: 'silent' }, { LOG_LEVEL: 'debug' }).config.logLevel).toBe('silent');
  });

  it.each([
    [{ namepsace: 'Shop' }, "unknown option 'namepsace' (did you mean 'namespace'?)"],
    [
      { tracng: 'xray' },
      "unknown option 'tracng' (did you mean 'tracing'?); valid options: namespace, service, dimensions, logLevel, timeoutMarginMs, flushBeforeTimeout, tracing, captureResponse",
    ],
    [{ tracing: 'x-ray' }, 'tracing must be one of auto, xray, otel, both, off, got "x-ray"'],
    [{ tracing: true }, 'tracing must be one of auto, xray, otel, both, off, got true'],
    [{ captureResponse: 'yes' }, 'captureResponse must be true or false, got "yes"'],
    [{ namespace: 'Shop!' }, 'namespace "Shop!" must use only letters, digits, spaces and . _ # : / -'],
    [{ namespace: ':Shop' }, "(not starting with ':')"],
    [{ namespace: 7 }, 'namespace must be a string, got number'],
    [{ service: '' }, 'service: dimension value "" must be printable ASCII'],
    [{ dimensions: { requestId: 'x' } }, "dimensions: 'requestId' is a per-invocation key"],
    [{ dimensions: { service: 'x' } }, "set the service dimension with the 'service' option"],
    [{ dimensions: { stage: '' } }, 'dimensions.stage: dimension value "" must be printable ASCII'],
    [{ dimensions: ['stage'] }, 'dimensions must be an object of name → value'],
    [
      { dimensions: Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`d${index}`, 'v'])) },
      'at most 29 besides',
    ],
    [{ logLevel: 'verbose' }, 'logLevel must be one of trace, debug, info, warn, error, fatal, silent, got "verbose"'],
    [{ timeoutMarginMs: 0 }, 'timeoutMarginMs must be a positive number of milliseconds, got 0'],
    [{ timeoutMarginMs: 10n }, 'got 10n'],
    [{ flushBeforeTimeout: 'yes' }, 'flushBeforeTimeout must be true or false, got "yes"'],
    ['Shop', 'options must be an object'],
  ])('refuses option set %# at wrap time: %s', (options, message) => {
    expect(() => resolveConfig(options, LAMBDA)).toThrow(TypeError);
    expect(() => resolveConfig(options, LAMBDA)).toThrow(message);
  });
});

describe('resolveMetricsDestination', () => {
  it('writes to stdout in Lambda whatever else is set', () => {
    expect(resolveMetricsDestination({ ...LAMBDA, AWS_EMF_ENVIRONMENT: 'EC2' }, 'orders')).toEqual({ kind: 'stdout' });
  });

  it('uses the agent when AWS_EMF_ENVIRONMENT says EC2, ECS or Agent', () => {
    expect(
      resolveMetricsDestination(
        { AWS_EMF_ENVIRONMENT: 'Agent', AWS_EMF_AGENT_ENDPOINT: 'tcp://127.0.0.1:9' },
        'orders',
      ),
    ).toEqual({
      kind: 'agent',
      environment: 'Agent',
      endpoint: 'tcp://127.0.0.1:9',
      logGroupName: 'orders-metrics',
      logStreamName: undefined,
    });
    expect(
      resolveMetricsDestination(
        { AWS_EMF_ENVIRONMENT: 'EC2', AWS_EMF_LOG_GROUP_NAME: 'g', AWS_EMF_LOG_STREAM_NAME: 's' },
        'orders',
      ),
    ).toMatchObject({ environment: 'EC2', endpoint: undefined, logGroupName: 'g', logStreamName: 's' });
  });

  it('recognises ECS from its metadata variable, and FireLens from FLUENT_HOST', () => {
    expect(
      resolveMetricsDestination({ ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/x' }, 'api'),
    ).toMatchObject({
      environment: 'ECS',
      logGroupName: 'api-metrics',
    });
    expect(
      resolveMetricsDestination({ ECS_CONTAINER_METADATA_URI: 'http://x', FLUENT_HOST: '10.0.0.5' }, 'api'),
    ).toMatchObject({
      environment: 'ECS',
      endpoint: 'tcp://10.0.0.5:25888',
      logGroupName: undefined,
    });
  });

  it('writes to stdout locally and when told Local, without probing EC2', () => {
    expect(resolveMetricsDestination({}, 'orders')).toEqual({ kind: 'stdout' });
    expect(
      resolveMetricsDestination({ AWS_EMF_ENVIRONMENT: 'Local', ECS_CONTAINER_METADATA_URI: 'http://x' }, 'o'),
    ).toEqual({ kind: 'stdout' });
  });
});
