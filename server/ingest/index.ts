export { createCollector, type Collector, type CollectorOptions } from './collector';
export type * from './contract';
