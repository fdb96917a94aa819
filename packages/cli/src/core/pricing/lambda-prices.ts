export type Architecture = 'x86_64' | 'arm64';

export const ARCHITECTURES: readonly Architecture[] = ['x86_64', 'arm64'];

/** Public list prices, us-east-1, first tier: https://aws.amazon.com/lambda/pricing/ */
export const LAMBDA_PRICE_SOURCE = 'https://aws.amazon.com/lambda/pricing/';
export const LAMBDA_PRICE_REGION = 'us-east-1';

export const DEFAULT_PRICE_PER_GB_SECOND_USD: Readonly<Record<Architecture, number>> = {
  x86_64: 0.0000166667,
  arm64: 0.0000133334,
};

/** $0.20 per million requests, both architectures. */
export const DEFAULT_PRICE_PER_REQUEST_USD = 0.0000002;

/** Provisioned concurrency: a charge per GB-second configured, and a lower duration price while it serves. */
export const DEFAULT_PROVISIONED_PRICE_PER_GB_SECOND_USD: Readonly<Record<Architecture, number>> = {
  x86_64: 0.0000041667,
  arm64: 0.0000033334,
};
export const DEFAULT_PROVISIONED_DURATION_PRICE_PER_GB_SECOND_USD: Readonly<Record<Architecture, number>> = {
  x86_64: 0.0000097222,
  arm64: 0.0000077778,
};

/** The prices one function is costed with, and where they came from. */
export interface LambdaPrices {
  readonly architecture: Architecture;
  readonly perGbSecondUSD: number;
  readonly perRequestUSD: number;
  readonly provisionedPerGbSecondUSD: number;
  readonly provisionedDurationPerGbSecondUSD: number;
  /** `list` when every price is the default; `override` when any came from the user. */
  readonly source: 'list' | 'override';
}

export interface PriceOverrides {
  readonly perGbSecondUSD?: number | undefined;
  readonly perRequestUSD?: number | undefined;
  readonly provisionedPerGbSecondUSD?: number | undefined;
  readonly provisionedDurationPerGbSecondUSD?: number | undefined;
}

/** The prices for `architecture`, each replaced by an override when one is given. */
export function resolvePrices(architecture: Architecture, overrides: PriceOverrides = {}): LambdaPrices {
  const overridden =
    overrides.perGbSecondUSD !== undefined ||
    overrides.perRequestUSD !== undefined ||
    overrides.provisionedPerGbSecondUSD !== undefined ||
    overrides.provisionedDurationPerGbSecondUSD !== undefined;
  return {
    architecture,
    perGbSecondUSD: overrides.perGbSecondUSD ?? DEFAULT_PRICE_PER_GB_SECOND_USD[architecture],
    perRequestUSD: overrides.perRequestUSD ?? DEFAULT_PRICE_PER_REQUEST_USD,
    provisionedPerGbSecondUSD:
      overrides.provisionedPerGbSecondUSD ?? DEFAULT_PROVISIONED_PRICE_PER_GB_SECOND_USD[architecture],
    provisionedDurationPerGbSecondUSD:
      overrides.provisionedDurationPerGbSecondUSD ?? DEFAULT_PROVISIONED_DURATION_PRICE_PER_GB_SECOND_USD[architecture],
    source: overridden ? 'override' : 'list',
  };
}
