export {
  CHART_DIR,
  JWKS_SECRET,
  ensureRestrictedNamespace,
  ensureSigningKeySecret,
  helm,
  helmUpgrade,
  loadChartImages,
  localInstallInput,
} from './cluster/install.ts';
export type { Release } from './cluster/install.ts';
export { skaffoldDev } from './dev/skaffold.ts';
export type { SkaffoldDev } from './dev/skaffold.ts';
export { localChartValues } from './cluster/values.ts';
export type { LocalInstallInput } from './cluster/values.ts';
export { DEMO_NAMESPACE, sampleFeeds } from './up/plan.ts';
