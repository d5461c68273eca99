// Dense symmetric positive definite solves for the small regression models of the Thompson rounds
// (row-major n x n arrays; no numeric library is needed at these sizes).

/** The lower Cholesky factor L of A (A = L L'); pivots are floored at 1e-6 (squared: 1e-12) so a nearly singular A still factors. */
export function choleskyFactor(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j * n + j];
    }
  }
  return l;
}

/** Solves L z = b. */
export function forwardSolve(l: Float64Array, b: Float64Array, n: number): Float64Array {
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * z[k];
    z[i] = sum / l[i * n + i];
  }
  return z;
}

/** Solves L' x = z. */
export function backSolve(l: Float64Array, z: Float64Array, n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}

/** Solves A x = b through A's Cholesky factor. */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = choleskyFactor(a, n);
  return backSolve(l, forwardSolve(l, b, n), n);
}
