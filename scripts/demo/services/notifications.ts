/** The notifications service: e-mails customers when an order is confirmed or cancelled and when the parcel ships. */
import type { EventyRecord } from '../../../server/decode/contract';
import { emailSent, type EmailTemplate } from '../fulfilment-records';
import type { Rng } from '../random-source';
import { customerById } from '../shop-catalog';
import type { Reaction, ShopService } from './shop-service';

const templates: Record<string, EmailTemplate> = { OrderConfirmed: 'order_confirmed', OrderCancelled: 'order_cancelled', ParcelShipped: 'parcel_shipped' };

export function createNotificationsService(rng: Rng): ShopService {
  const sendEmail = (cause: EventyRecord, now: number): Reaction => {
    const customer = customerById(cause.data.customer_id);
    const template = templates[cause.name];
    // No address on file: nothing to send.
    if (!customer || !template) return { outputs: [] };
    return { outputs: [{ topic: 'notifications-events', record: emailSent(cause, customer, template, { rng, now }) }] };
  };
  // SMTP relay latency
  const workMs = [40, 220] as const;
  return {
    name: 'notifications',
    handlers: [
      { topic: 'orders-events', namespace: 'urn:orders', names: ['OrderConfirmed', 'OrderCancelled'], workMs, react: sendEmail },
      { topic: 'shipping-events', namespace: 'urn:shipping', names: ['ParcelShipped'], workMs, react: sendEmail },
    ],
  };
}
