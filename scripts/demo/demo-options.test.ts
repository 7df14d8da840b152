import { describe, expect, it } from 'vitest';
import { DemoOptionsError, parseDemoOptions } from './demo-options';

describe('demo options', () => {
  it('defaults to 5 orders/s, 0.3% malformed records, no time limit, 3 instances per service', () => {
    expect(parseDemoOptions({ DEMO_DURATION_S: '' })).toEqual({ ordersPerSecond: 5, malformedRate: 0.003, durationS: undefined, instancesPerService: 3 });
  });

  it('reads the DEMO_* variables', () => {
    expect(parseDemoOptions({ DEMO_RATE: '20', DEMO_MALFORMED_RATE: '0', DEMO_DURATION_S: '15', DEMO_INSTANCES: '1' })).toEqual({
      ordersPerSecond: 20, malformedRate: 0, durationS: 15, instancesPerService: 1,
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => parseDemoOptions({ DEMO_RATE: 'fast' })).toThrow(DemoOptionsError);
    expect(() => parseDemoOptions({ DEMO_MALFORMED_RATE: '2' })).toThrow(/DEMO_MALFORMED_RATE/);
  });
});
