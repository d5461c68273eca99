// esbuild options for the Node bundles (extension host, engine worker, CLI), shared by esbuild.mjs and the
// test that checks what the bundles register.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The cpu backend registers itself on import, but its package.json marks the Node entry as side-effect
 * free, so esbuild would drop `import '@tensorflow/tfjs-backend-cpu'` and the `cpu` backend with it.
 */
export const keepTensorflowSideEffects = {
  name: 'keep-tensorflow-side-effects',
  setup(build) {
    build.onResolve({ filter: /^@tensorflow\/tfjs-backend-cpu$/ }, async (args) => {
      if (args.pluginData?.keep) return undefined;
      const result = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: { keep: true },
      });
      return { ...result, sideEffects: true };
    });
  },
};

export function nodeBundleOptions(production) {
  return {
    bundle: true,
    minify: production,
    sourcemap: production ? false : 'linked',
    logLevel: 'warning',
    legalComments: 'none',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // tfjs-node is optional: resolved at run time when it is installed, never bundled.
    external: ['vscode', '@tensorflow/tfjs-node'],
    // TF.js requires node-fetch only to load models over HTTP; Node's own fetch serves instead.
    // jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow; bundle its ES build.
    alias: { 'node-fetch': join(root, 'scripts', 'shims', 'nodeFetch.cjs'), 'jsonc-parser': join(root, 'node_modules', 'jsonc-parser', 'lib', 'esm', 'main.js') },
    plugins: [keepTensorflowSideEffects],
  };
}
