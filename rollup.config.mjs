// Builds the browser bundles into dist/: the widget, and each host shim whose source exists.
// Lit is bundled in; output is minified ES modules with source maps.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));
const tsconfig = fileURLToPath(new URL('./tsconfig.json', import.meta.url));

const entries = [
  { input: 'widget/src/index.ts', file: 'dist/widget/family-context-panel.js' },
  { input: 'host-shims/mosaic/index.ts', file: 'dist/host-shims/mosaic.js' },
];

const plugins = () => [
  nodeResolve({ browser: true, extensions: ['.ts', '.js', '.mjs'] }),
  esbuild({ tsconfig, target: 'es2021', sourceMap: true }),
  terser({ ecma: 2020, module: true, format: { comments: false } }),
];

export default entries
  .filter(({ input }) => {
    const present = existsSync(new URL(input, `file://${root}`));
    if (!present) console.warn(`rollup: skipping ${input} (not there yet)`);
    return present;
  })
  .map(({ input, file }) => ({
    input,
    output: { file, format: 'es', sourcemap: true },
    plugins: plugins(),
    onwarn(warning, warn) {
      // Lit's development-mode builds are not used (no "development" export condition): nothing to warn about.
      if (warning.code === 'THIS_IS_UNDEFINED') return;
      warn(warning);
    },
  }));
