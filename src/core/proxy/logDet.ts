/**
 * log|det(A)| of a square matrix by LU decomposition with partial pivoting, in float64 (the kernels the
 * proxies build are small, N x N for a minibatch of N, and their determinants overflow float32).
 * Returns -Infinity for a singular matrix.
 */
export function logAbsDet(matrix: readonly (readonly number[])[] | Float64Array, size?: number): number {
  const n = size ?? (matrix as readonly (readonly number[])[]).length;
  const a = new Float64Array(n * n);
  if (matrix instanceof Float64Array) {
    if (matrix.length !== n * n) throw new Error(`logAbsDet: ${matrix.length} values for a ${n} x ${n} matrix`);
    a.set(matrix);
  } else {
    for (let i = 0; i < n; i++) {
      if (matrix[i].length !== n) throw new Error(`logAbsDet: row ${i} has ${matrix[i].length} values, expected ${n}`);
      for (let j = 0; j < n; j++) a[i * n + j] = matrix[i][j];
    }
  }
  let logDet = 0;
  for (let k = 0; k < n; k++) {
    let pivot = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k]) > Math.abs(a[pivot * n + k])) pivot = i;
    const p = a[pivot * n + k];
    if (p === 0) return -Infinity;
    if (pivot !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j];
        a[k * n + j] = a[pivot * n + j];
        a[pivot * n + j] = t;
      }
    }
    logDet += Math.log(Math.abs(p));
    for (let i = k + 1; i < n; i++) {
      const f = a[i * n + k] / p;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) a[i * n + j] -= f * a[k * n + j];
    }
  }
  return logDet;
}
