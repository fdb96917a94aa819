const CODE_0 = 48;

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index += 1) {
    const digit = text.charCodeAt(index) - CODE_0;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const shifted = month <= 2 ? year - 1 : year;
  const era = Math.floor(shifted / 400);
  const yearOfEra = shifted - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * Epoch milliseconds of an ISO 8601 date-time at `start`: `YYYY-MM-DDTHH:MM:SS` (a space may replace the `T`),
 * optional fraction of any length, optional `Z` or `±HH:MM`; no zone means UTC (what `aws logs tail --format short`
 * prints). Returns undefined when the text is not one. Hand-rolled because it runs once per input line.
 */
export function parseIsoTimeMs(text: string, start = 0): number | undefined {
  if (text.length < start + 19) return undefined;
  if (text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return undefined;
  const separator = text.charCodeAt(start + 10);
  if ((separator !== 84 && separator !== 32) || text.charCodeAt(start + 13) !== 58) return undefined;
  if (text.charCodeAt(start + 16) !== 58) return undefined;
  const year = digits(text, start, 4);
  const month = digits(text, start + 5, 2);
  const day = digits(text, start + 8, 2);
  const hour = digits(text, start + 11, 2);
  const minute = digits(text, start + 14, 2);
  const second = digits(text, start + 17, 2);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60)) {
    return undefined;
  }
  let position = start + 19;
  let fractionMs = 0;
  if (text.charCodeAt(position) === 46) {
    position += 1;
    let scale = 100;
    while (position < text.length) {
      const digit = text.charCodeAt(position) - CODE_0;
      if (digit < 0 || digit > 9) break;
      fractionMs += digit * scale;
      scale /= 10;
      position += 1;
    }
  }
  let offsetMinutes = 0;
  const zone = text.charCodeAt(position);
  if (zone === 43 || zone === 45) {
    const zoneHours = digits(text, position + 1, 2);
    const colon = text.charCodeAt(position + 3) === 58 ? 1 : 0;
    const zoneMinutes = digits(text, position + 3 + colon, 2);
    if (Number.isNaN(zoneHours) || Number.isNaN(zoneMinutes)) return undefined;
    offsetMinutes = (zone === 43 ? 1 : -1) * (zoneHours * 60 + zoneMinutes);
  }
  const days = daysFromCivil(year, month, day);
  return (
    ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + Math.round(fractionMs * 1000) / 1000
  );
}

/** Where the ISO 8601 date-time starting at `start` ends (its fraction and zone included), or -1. */
export function isoTimeEnd(text: string, start = 0): number {
  if (parseIsoTimeMs(text, start) === undefined) return -1;
  let position = start + 19;
  if (text.charCodeAt(position) === 46) {
    position += 1;
    while (position < text.length && text.charCodeAt(position) >= 48 && text.charCodeAt(position) <= 57) position += 1;
  }
  const zone = text.charCodeAt(position);
  if (zone === 90) return position + 1;
  if (zone === 43 || zone === 45) return text.charCodeAt(position + 3) === 58 ? position + 6 : position + 5;
  return position;
}
