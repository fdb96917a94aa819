/** One frame of an exception's `stack` in a segment document. */
export interface StackFrame {
  readonly path: string;
  /** Absent for frames without a location (`<anonymous>`, `index 0`): the schema wants an integer or nothing. */
  readonly line?: number;
  readonly label: string;
}

export interface ParsedStack {
  readonly frames: readonly StackFrame[];
  /** Frames left out beyond the limit: the exception's `truncated`. */
  readonly truncated: number;
}

/** The X-Ray SDKs keep 50 frames; a deep recursion would otherwise fill the datagram. */
export const MAX_STACK_FRAMES = 50;

const LINE_AND_COLUMN = /^(.*):(\d+):\d+$/;
const LINE_ONLY = /^(.*):(\d+)$/;

function toFrame(text: string): StackFrame {
  let label = 'anonymous';
  let location = text;
  const open = text.indexOf(' (');
  if (text.endsWith(')') && open > 0) {
    label = text.slice(0, open);
    location = text.slice(open + 2, -1);
    // `eval at f (file.js:1:2), <anonymous>:3:4`: the code ran at the last location.
    const comma = location.lastIndexOf(', ');
    if (location.startsWith('eval at ') && comma !== -1) location = location.slice(comma + 2);
  }
  const match = LINE_AND_COLUMN.exec(location) ?? LINE_ONLY.exec(location);
  if (match?.[1] === undefined || match[2] === undefined) return { path: location, label };
  return { path: match[1], line: Number(match[2]), label };
}

/**
 * The frames of a V8 stack (`    at label (path:line:column)`), for an exception in a segment document. Pure.
 * Paths stay as V8 wrote them (`file:///var/task/index.mjs`, `node:internal/…`).
 */
export function parseStackFrames(stack: string | undefined): ParsedStack {
  if (stack === undefined) return { frames: [], truncated: 0 };
  const frames: StackFrame[] = [];
  let truncated = 0;
  for (const rawLine of stack.split('\n')) {
    const line = rawLine.trim();
    if (!line.startsWith('at ')) continue;
    if (frames.length === MAX_STACK_FRAMES) {
      truncated += 1;
      continue;
    }
    frames.push(toFrame(line.slice(3)));
  }
  return { frames, truncated };
}
