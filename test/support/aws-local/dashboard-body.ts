/**
 * Validation of a PutDashboard body against the documented dashboard body structure, reporting problems as the
 * service does: DataPath (a JSON pointer) and a schema-style Message.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */
export interface DashboardValidationMessage {
  readonly DataPath: string;
  readonly Message: string;
}

export type DashboardBodyCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly invalidJson: boolean; readonly messages: readonly DashboardValidationMessage[] };

export const MAX_WIDGETS = 500;
const WIDGET_TYPES = ['metric', 'text', 'log', 'alarm', 'explorer', 'custom'];
const GRID_COLUMNS = 24;
const MAX_WIDGET_HEIGHT = 1000;

type Messages = DashboardValidationMessage[];

export function checkDashboardBody(body: string): DashboardBodyCheck {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    return { ok: false, invalidJson: true, messages: [{ DataPath: '', Message: (error as Error).message }] };
  }
  const messages: Messages = [];
  if (!isObject(document)) {
    messages.push({ DataPath: '', Message: 'Should be object' });
  } else {
    checkRoot(document, messages);
  }
  return messages.length === 0 ? { ok: true } : { ok: false, invalidJson: false, messages };
}

function checkRoot(document: Record<string, unknown>, messages: Messages): void {
  const { widgets, periodOverride } = document;
  if (periodOverride !== undefined && periodOverride !== 'auto' && periodOverride !== 'inherit') {
    messages.push({ DataPath: '/periodOverride', Message: 'Should be equal to one of the allowed values' });
  }
  if (widgets === undefined) {
    messages.push({ DataPath: '', Message: "Should have required property 'widgets'" });
    return;
  }
  if (!Array.isArray(widgets)) {
    messages.push({ DataPath: '/widgets', Message: 'Should be array' });
    return;
  }
  if (widgets.length > MAX_WIDGETS) {
    messages.push({ DataPath: '/widgets', Message: `Should NOT have more than ${MAX_WIDGETS} items` });
  }
  for (const [index, widget] of widgets.entries()) checkWidget(widget, `/widgets/${index}`, messages);
}

function checkWidget(widget: unknown, path: string, messages: Messages): void {
  if (!isObject(widget)) {
    messages.push({ DataPath: path, Message: 'Should be object' });
    return;
  }
  const { type, properties } = widget;
  if (type === undefined) messages.push({ DataPath: path, Message: "Should have required property 'type'" });
  else if (typeof type !== 'string' || !WIDGET_TYPES.includes(type)) {
    messages.push({ DataPath: `${path}/type`, Message: 'Should be equal to one of the allowed values' });
  }
  checkInteger(widget.x, `${path}/x`, 0, GRID_COLUMNS - 1, messages);
  checkInteger(widget.y, `${path}/y`, 0, Number.MAX_SAFE_INTEGER, messages);
  checkInteger(widget.width, `${path}/width`, 1, GRID_COLUMNS, messages);
  checkInteger(widget.height, `${path}/height`, 1, MAX_WIDGET_HEIGHT, messages);
  if (properties === undefined) {
    messages.push({ DataPath: path, Message: "Should have required property 'properties'" });
    return;
  }
  if (!isObject(properties)) {
    messages.push({ DataPath: `${path}/properties`, Message: 'Should be object' });
    return;
  }
  const at = `${path}/properties`;
  switch (type) {
    case 'metric':
      requireString(properties, 'region', at, messages);
      if (properties.metrics === undefined && properties.annotations === undefined) {
        messages.push({ DataPath: at, Message: "Should have required property 'metrics'" });
      } else if (properties.metrics !== undefined) {
        checkMetrics(properties.metrics, `${at}/metrics`, messages);
      }
      break;
    case 'log':
      requireString(properties, 'region', at, messages);
      if (requireString(properties, 'query', at, messages) && !/SOURCE\s+'[^']+'/.test(String(properties.query))) {
        messages.push({ DataPath: `${at}/query`, Message: "The query must start with SOURCE '<log group>'" });
      }
      break;
    case 'text':
      requireString(properties, 'markdown', at, messages);
      break;
    case 'alarm':
      if (!Array.isArray(properties.alarms) || properties.alarms.some((alarm) => typeof alarm !== 'string')) {
        messages.push({ DataPath: at, Message: "Should have required property 'alarms' (an array of alarm ARNs)" });
      }
      break;
    default:
      break;
  }
}

/** Each metric is an array: strings (namespace, name, dimension pairs, or "." / ".." shorthands), then an optional options object. */
function checkMetrics(metrics: unknown, path: string, messages: Messages): void {
  if (!Array.isArray(metrics)) {
    messages.push({ DataPath: path, Message: 'Should be array' });
    return;
  }
  metrics.forEach((metric, index) => {
    const at = `${path}/${index}`;
    if (!Array.isArray(metric) || metric.length === 0) {
      messages.push({ DataPath: at, Message: 'Should be array' });
      return;
    }
    const last = metric[metric.length - 1];
    const options = isObject(last) ? last : undefined;
    const strings = options === undefined ? metric : metric.slice(0, -1);
    strings.forEach((item, position) => {
      if (typeof item !== 'string') messages.push({ DataPath: `${at}/${position}`, Message: 'Should be string' });
    });
    const isExpression = options !== undefined && typeof options.expression === 'string';
    if (strings.length === 0 && !isExpression) {
      messages.push({ DataPath: at, Message: 'A metric needs a namespace and a metric name, or an expression' });
    }
    if (strings.length > 0 && !strings.includes('..') && !strings.includes('.') && strings.length % 2 !== 0) {
      messages.push({
        DataPath: at,
        Message: 'Dimensions must come in name/value pairs after the namespace and metric name',
      });
    }
  });
}

function checkInteger(value: unknown, path: string, min: number, max: number, messages: Messages): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    messages.push({ DataPath: path, Message: 'Should be integer' });
  } else if (value < min) {
    messages.push({ DataPath: path, Message: `Should be >= ${min}` });
  } else if (value > max) {
    messages.push({ DataPath: path, Message: `Should be <= ${max}` });
  }
}

function requireString(record: Record<string, unknown>, key: string, path: string, messages: Messages): boolean {
  if (record[key] === undefined) {
    messages.push({ DataPath: path, Message: `Should have required property '${key}'` });
    return false;
  }
  if (typeof record[key] !== 'string') {
    messages.push({ DataPath: `${path}/${key}`, Message: 'Should be string' });
    return false;
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
