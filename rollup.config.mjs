// Builds the browser bundles into dist/: the widget on its own, and the host shims together, so that the code
// they share (Lit, the panel, config checking) is one cached chunk (dist/host-shims/chunks/) and the OIDC client
// is loaded only by councils whose config asks for it. Output is minified ES modules with source maps.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));
const tsconfig = fileURLToPath(new URL('./tsconfig.json', import.meta.url));

const present = (input) => {
  const there = existsSync(new URL(input, `file://${root}`));
  if (!there) console.warn(`rollup: skipping ${input} (not there yet)`);
  return there;
};

/** dist/host-shims/<name>.js: one script per CMS, the iframe-mode frame and the sign-in callback page. */
const shims = {
  mosaic: 'host-shims/mosaic/index.ts',
  eis: 'host-shims/eis/index.ts',
  lcs: 'host-shims/lcs/index.ts',
  generic: 'host-shims/generic/index.ts',
  frame: 'host-shims/iframe/frame.ts',
  'oidc-callback': 'host-shims/iframe/oidc-callback.ts',
};

const plugins = () => [
  nodeResolve({ browser: true, extensions: ['.ts', '.js', '.mjs'] }),
  esbuild({ tsconfig, target: 'es2021', sourceMap: true }),
  terser({ ecma: 2020, module: true, format: { comments: false } }),
];

function onwarn(warning, warn) {
  // Lit's development-mode builds are not used (no "development" export condition): nothing to warn about.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  // zod's own comments and import cycles: harmless, and not ours to fix.
  if (warning.code === 'INVALID_ANNOTATION' || (warning.code === 'CIRCULAR_DEPENDENCY' && warning.message.includes('node_modules/zod'))) return;
  warn(warning);
}

export default [
  present('widget/src/index.ts') && {
    input: 'widget/src/index.ts',
    output: { file: 'dist/widget/family-context-panel.js', format: 'es', sourcemap: true },
    plugins: plugins(),
    onwarn,
  },
  {
    input: Object.fromEntries(Object.entries(shims).filter(([, input]) => present(input))),
    output: {
      dir: 'dist/host-shims',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
    },
    plugins: plugins(),
    onwarn,
  },
].filter(Boolean);
