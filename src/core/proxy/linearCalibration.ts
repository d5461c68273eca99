/**
 * Ordinary least squares y ~ intercept + sum_k coefficients[k] * x[k], by the normal equations (a handful
 * of features, a few hundred rows). Used once, offline, to map proxy scores to a percent-like scale.
 */
export interface LinearMap {
  readonly intercept: number;
  readonly coefficients: readonly number[];
}

export function applyLinearMap(map: LinearMap, features: readonly number[]): number {
  if (features.length !== map.coefficients.length) {
    throw new Error(`applyLinearMap: ${features.length} features for ${map.coefficients.length} coefficients`);
  }
  return features.reduce((sum, x, k) => sum + x * map.coefficients[k], map.intercept);
}

export function fitLinearMap(rows: readonly (readonly number[])[], y: readonly number[]): LinearMap {
  if (rows.length !== y.length || rows.length === 0) throw new Error(`fitLinearMap: ${rows.length} rows for ${y.length} targets`);
  const p = rows[0].length + 1;
  if (rows.length < p) throw new Error(`fitLinearMap: ${rows.length} rows cannot fit ${p} unknowns`);
  // Augmented normal equations [X^T X | X^T y], X with a leading column of ones.
  const a = Array.from({ length: p }, () => new Float64Array(p + 1));
  rows.forEach((row, r) => {
    const x = [1, ...row];
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) a[i][j] += x[i] * x[j];
      a[i][p] += x[i] * y[r];
    }
  });
  for (let k = 0; k < p; k++) {
    let pivot = k;
    for (let i = k + 1; i < p; i++) if (Math.abs(a[i][k]) > Math.abs(a[pivot][k])) pivot = i;
    if (Math.abs(a[pivot][k]) < 1e-12) throw new Error('fitLinearMap: features are collinear');
    [a[k], a[pivot]] = [a[pivot], a[k]];
    for (let i = 0; i < p; i++) {
      if (i === k) continue;
      const f = a[i][k] / a[k][k];
      for (let j = k; j <= p; j++) a[i][j] -= f * a[k][j];
    }
  }
  const solution = a.map((row, i) => row[p] / row[i]);
  return { intercept: solution[0], coefficients: solution.slice(1) };
}
