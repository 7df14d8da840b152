export type { ConsumerLag, GroupLag, LagHistory, LagHistoryQuery, LagQuery, LagSample, LagSeriesPoint, PartitionLag } from './contract';
export { groupIdSchema, lagHistoryQuerySchema, lagQuerySchema } from './contract';
export { computeLagSeconds, computePartitionLag } from './compute-partition-lag';
export { fetchConsumerLag, type FetchConsumerLagOptions } from './fetch-consumer-lag';
export { openLagHistoryStore, type LagHistoryStore } from './history-store';
export { createLagSampler, type LagSampler, type LagSamplerOptions } from './lag-sampler';
