/** The billing service: charges customers on request and announces captured payments. */
import type { Rng } from '../random-source';
import { chargeCustomerResult, decideCharge, paymentCaptured } from '../shop-records';
import type { ShopOutput, ShopService } from './shop-service';

export function createBillingService(rng: Rng, failureRate = 0.07): ShopService {
  return {
    name: 'billing',
    handlers: [
      {
        topic: 'billing-requests',
        namespace: 'urn:billing',
        names: ['ChargeCustomer'],
        // the payment provider's round trip dominates
        workMs: [60, 350],
        react(request, now) {
          const s = { rng, now };
          const outcome = decideCharge(rng, failureRate);
          const outputs: ShopOutput[] = outcome.ok ? [{ topic: 'billing-events', record: paymentCaptured(request, outcome.chargeId, s) }] : [];
          outputs.push({ topic: 'billing-responses', record: chargeCustomerResult(request, outcome, { rng, now: now + 1 }) });
          return { outputs };
        },
      },
    ],
  };
}
