export type { ConsumerLag, GroupLag, LagQuery, PartitionLag } from './contract';
export { lagQuerySchema } from './contract';
export { computeLagSeconds, computePartitionLag } from './compute-partition-lag';
export { fetchConsumerLag, type FetchConsumerLagOptions } from './fetch-consumer-lag';
