/**
 * Every limit a CloudWatch EMF document must respect. CloudWatch drops a document that breaks one without telling
 * anyone, so the SDK checks them all before writing. Where two sources differ, the stricter value is used.
 */

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html */
export const MAX_METRICS_PER_DOCUMENT = 100;

/** Same spec: a metric's value array holds at most 100 values. */
export const MAX_VALUES_PER_METRIC = 100;

/** Same spec: at most 30 dimension keys in one dimension set. */
export const MAX_DIMENSIONS_PER_SET = 30;

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Metric.html (the EMF spec allows 1024; the metric API keeps 255). */
export const MAX_METRIC_NAME_LENGTH = 255;

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Metric.html (EMF allows 256; the API keeps 255). */
export const MAX_NAMESPACE_LENGTH = 255;

/** The namespace pattern aws-embedded-metrics and the EMF spec validate; the metric API also forbids a leading ':'. */
export const NAMESPACE_PATTERN = /^(?=.*\S)[a-zA-Z0-9 ._#:/-]+$/;

/** aws-embedded-metrics' limit (the API's is 255); https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html */
export const MAX_DIMENSION_NAME_LENGTH = 250;

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html */
export const MAX_DIMENSION_VALUE_LENGTH = 1024;

/** Dimension names and values: printable ASCII with at least one non-space (same page: no control characters). */
export const DIMENSION_TEXT_PATTERN = /^(?=.*[^ ])[\x20-\x7e]+$/;

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html: magnitudes above 2^360 are rejected. */
export const MAX_VALUE_MAGNITUDE = 2 ** 360;

/** Same page: non-zero magnitudes below 2^-360 are rejected too. */
export const MIN_NONZERO_VALUE_MAGNITUDE = 2 ** -360;

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html */
export const STORAGE_RESOLUTIONS = [1, 60] as const;

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html: up to 14 days old. */
export const MAX_TIMESTAMP_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/** Same page: up to 2 hours in the future. */
export const MAX_TIMESTAMP_LEAD_MS = 2 * 60 * 60 * 1000;

/** The spec now says 1 MB per log event; 256 KB is the older CloudWatch Logs limit some pipelines still enforce. */
export const MAX_DOCUMENT_BYTES = 256 * 1024;

/** Not a CloudWatch limit: bounds the memory one invocation can pin with metric values (1,000 full documents). */
export const MAX_VALUES_PER_INVOCATION = 100_000;

/** Not a CloudWatch limit: user properties repeat in every document, so they get a quarter of the document budget. */
export const MAX_PROPERTY_BYTES = 64 * 1024;
