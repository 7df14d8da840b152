export type {
  CollapsedGroupNode,
  EdgeConfidence,
  LinkOptions,
  LinkRule,
  MissingRequestNode,
  ServiceConsumption,
  ServiceNamesOverride,
  Trace,
  TraceEdge,
  TraceNode,
  TraceRecordNode,
} from './contract';
export { linkRules } from './contract';
export { linkRecordsIntoTrace } from './link-records';
export { spanIdFromRecordUuid, traceIdFromCorrelationId, traceparentOf, type TraceparentIds } from './otel-ids';
export { createServiceNaming, type ServiceNaming, type TopicRole } from './service-naming';
