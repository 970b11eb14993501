// The layering `make lint` enforces (docs/architecture.md, "Layers"): libraries are the bottom,
// services and the operator compose them, services/cli (the `tributary` dispatcher, bin/) is the top.
// `npm run graph` prints the package graph these rules are checked on.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'libs-import-libs-only',
      comment: 'A library (libs/*) must not import a service, the operator or the CLI.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(services|operator)/' },
    },
    {
      name: 'cli-is-the-top',
      comment: 'Only bin/ (and the CLI itself) may import services/cli, the composition root.',
      severity: 'error',
      from: { pathNot: '^(bin|services/cli)/' },
      to: { path: '^services/cli/' },
    },
    {
      name: 'no-circular',
      comment: 'No runtime import cycles (a type-only import back is harmless under type stripping).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^charts/|/testdata/|^bench/results/' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    preserveSymlinks: false,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
