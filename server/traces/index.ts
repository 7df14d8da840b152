export { correlationIdParamSchema, correlationIdSchema, type TraceAnswer, type TraceListPage, type TraceResult, type TraceSummary } from './contract';
export { listTraces } from './list-traces';
export { readServiceConsumption } from './read-service-consumption';
export { readTrace, type ReadTraceDeps, type ReadTraceOptions } from './read-trace';
