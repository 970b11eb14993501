export { collectStats } from './stats/collect.ts';
export { formatStats } from './stats/model.ts';
export type { Stats, StreamStats, ConsumerStats } from './stats/model.ts';
