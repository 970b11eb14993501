export { loadConfig, loadNodeStackConfig, stackUp, stackDown, stackStatus, selectServers } from './stack.ts';
export type { Log } from './stack.ts';
export {
  SERVER_NAMES,
  HOST_SERVER_NAMES,
  NODE_SERVER_NAMES,
  DEFAULT_PORTS,
  MAX_PORT_OFFSET,
  offsetPorts,
  resolveConfig,
} from './config.ts';
export type { Ports, ServerName, StackConfig, StackPaths, ToolPaths } from './config.ts';
export { ingressUrl, stackUrls, stackEnvVars, stackEnvCommand, commandNode, renderEnv } from './env.ts';
export type { StackUrls } from './env.ts';
export { formatStatus, allHealthy } from './status.ts';
export type { ServerState, ServerStatus, StatusRow } from './status.ts';
export { withLock } from './lock.ts';
export { runTool } from './run-tool.ts';
export type { RunToolOptions } from './run-tool.ts';
export { loadVersions, parseVersionsEnv, repoRoot, TRIBUTARY_BIN } from './versions.ts';
export type { Versions } from './versions.ts';
export {
  spawnDetached,
  stopProcess,
  isAlive,
  readPidRecord,
  writePidRecord,
  removePidFile,
  tail,
  ensureDir,
} from './proc.ts';
export { INGRESS_CONTROLLER, kubectl } from './node/addons.ts';
export { NODE_NETWORK, nodePaths } from './node/layout.ts';
export { buildImages, tagImage } from './images/build.ts';
export { startDockerApi } from './images/docker-api.ts';
export type { DockerApi } from './images/docker-api.ts';
export { loadImages } from './node/images.ts';
export { PRODUCT_IMAGE, BUSYBOX_IMAGE, DEV_IMAGES } from './images/names.ts';
