import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { seedFunction } from '../../packages/cli/test/aws/support/local-cloudwatch.js';
import { type LocalAws, startLocalAws } from '../support/aws-local/index.js';
import { fakeUserEnv, LAMBDATOP_BIN, runBin } from '../support/run-bin.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'packages', 'cli', 'test', 'fixtures', 'reference-samples.log');
const HOOK = pathToFileURL(join(import.meta.dirname, 'support', 'record-aws-sdk-imports.mjs')).href;

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

function home(): string {
  return mkdtempSync(join(tmpdir(), 'lambdatop-home-'));
}

describe('the AWS SDK stays out of the way', () => {
  test('report FILE never loads it; report --function does', async () => {
    expect(existsSync(LAMBDATOP_BIN)).toBe(true);
    aws = await startLocalAws();
    seedFunction(aws, { functionName: 'orders', startMs: Date.now() - 600_000, invocations: 3, spacingMs: 10_000 });
    const register = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(HOOK)});`;
    const logs = mkdtempSync(join(tmpdir(), 'lambdatop-imports-'));
    const env = (log: string): NodeJS.ProcessEnv =>
      fakeUserEnv(home(), { LAMBDATOP_IMPORT_LOG: join(logs, log), AWS_REGION: 'us-east-1' });
    const nodeArgs = ['--import', register];
    const fromFile = await runBin(['report', FIXTURE, '--format', 'json'], { nodeArgs, env: env('file') });
    expect(fromFile.code).toBe(0);
    expect(existsSync(join(logs, 'file'))).toBe(false);
    const fromCloudWatch = await runBin(
      ['report', '--function', 'orders', '--endpoint-url', aws.endpoint, '--format', 'json'],
      { nodeArgs, env: env('cloudwatch') },
    );
    expect(fromCloudWatch.code).toBe(0);
    expect(readFileSync(join(logs, 'cloudwatch'), 'utf8')).toContain('@aws-sdk/client-cloudwatch-logs');
  });

  test('credentials from a profile; the SDK warning about two credential sources becomes a report warning, not stderr', async () => {
    aws = await startLocalAws();
    seedFunction(aws, { functionName: 'orders', startMs: Date.now() - 600_000, invocations: 3, spacingMs: 10_000 });
    const userHome = home();
    mkdirSync(join(userHome, '.aws'));
    writeFileSync(join(userHome, '.aws', 'config'), '[profile dev]\nregion = us-east-1\n');
    writeFileSync(
      join(userHome, '.aws', 'credentials'),
      '[dev]\naws_access_key_id = AKIADEVPROFILE\naws_secret_access_key = devsecret\n',
    );
    const base = { PATH: process.env.PATH, HOME: userHome };
    const withProfile = await runBin(
      ['report', '--function', 'orders', '--profile', 'dev', '--endpoint-url', aws.endpoint, '--format', 'json'],
      { env: base },
    );
    expect(withProfile.stderr).toBe('');
    expect(JSON.parse(withProfile.stdout)).toMatchObject({ functions: [{ name: 'orders', invocations: 3 }] });
    const keys = new Set(aws.requests.entries().map((entry) => entry.accessKeyId));
    expect([...keys]).toEqual(['AKIADEVPROFILE']);

    const both = await runBin(['report', '--function', 'orders', '--endpoint-url', aws.endpoint, '--format', 'json'], {
      env: { ...base, AWS_PROFILE: 'dev', AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT', AWS_SECRET_ACCESS_KEY: 'x' },
    });
    expect(both.stderr).toBe('');
    const report = JSON.parse(both.stdout) as { warnings: string[] };
    const sdkWarnings = report.warnings.filter((warning) => warning.startsWith('AWS SDK: '));
    expect(sdkWarnings).toHaveLength(1);
    expect(sdkWarnings[0]).toContain('Multiple credential sources detected: Both AWS_PROFILE and the pair');
  });
});
