// Shares for every report: exact half-up rounding of a ratio of counts (integer arithmetic, so 1/8 of 1,000 is 12.5 and
// not 12.499…), null for an empty whole — shown «—», never NaN.

/** numerator / denominator rounded half up to `decimals` (0–3) exactly, for integer inputs; null when the denominator is 0. */
export function roundedRatio(numerator: number, denominator: number, decimals = 1): number | null {
  if (denominator === 0) return null;
  const scale = 10 ** decimals;
  return Math.floor((2 * scale * numerator + denominator) / (2 * denominator)) / scale;
}

/** part / whole in %, one decimal, half up (2/3 → 66.7, 1/6 → 16.7); null when whole is 0. */
export const percent = (part: number, whole: number) => roundedRatio(100 * part, whole);
