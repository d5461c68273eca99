import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Tests of an optional runtime (ONNX Runtime, native TensorFlow) run where the package is installed and
 * are skipped, with the reason printed, where it is not: `npm ci` may leave an optional dependency out
 * (its install script failed, or the platform has no build). CI lists the packages it installs in
 * PNAG_REQUIRE_OPTIONAL (comma-separated) so that their absence there fails instead of skipping.
 */
export const REQUIRE_OPTIONAL_ENV = 'PNAG_REQUIRE_OPTIONAL';

export interface PackageProbe {
  readonly env: NodeJS.ProcessEnv;
  isInstalled(name: string): boolean;
}

const fromRepository = createRequire(join(__dirname, '..', '..', 'package.json'));

/** Resolves without loading: a package that is there but fails to load must fail its tests, not skip them. */
export const installedPackages: PackageProbe = {
  env: process.env,
  isInstalled(name) {
    try {
      fromRepository.resolve(name);
      return true;
    } catch {
      return false;
    }
  },
};

export function requiredOptionalPackages(env: NodeJS.ProcessEnv): string[] {
  return (env[REQUIRE_OPTIONAL_ENV] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/**
 * node:test's `skip` option for a test that needs `name`: false (run it) when the package is installed or
 * required, else the reason the runner prints beside the skipped test.
 */
export function skipUnlessInstalled(name: string, probe: PackageProbe = installedPackages): false | string {
  if (probe.isInstalled(name) || requiredOptionalPackages(probe.env).includes(name)) return false;
  return `${name} is not installed (optional dependency): \`npm install ${name}\` runs this test; ${REQUIRE_OPTIONAL_ENV}=${name} makes its absence a failure`;
}
