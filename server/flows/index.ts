export type { ConsumerRule, FlowEdge, FlowGraph, FlowNode, FlowsQuery } from './contract';
export { flowsQuerySchema } from './contract';
export { aggregateFlows, type FlowInputs } from './aggregate-flows';
export { hopsOfTrace, percentile, type HopSample } from './hop-latencies';
export { readFlows, type ReadFlowsDeps, type ReadFlowsOptions } from './read-flows';
export { mapGroupsToServices, type ServiceGroup } from './service-groups';
