export { correlationIdParamSchema, correlationIdSchema, type TraceAnswer, type TraceResult } from './contract';
export { readServiceConsumption } from './read-service-consumption';
export { readTrace, type ReadTraceDeps, type ReadTraceOptions } from './read-trace';
