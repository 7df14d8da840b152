#!/usr/bin/env python3
"""A real Eventy 3.4.0 service: `<prefix>billing` (or `<prefix>billing-avro`).

It is an eventy.messaging.EventyApp on eventy's own CKStore (confluent-kafka). Its one
request handler (@handle_request('ChargeCustomer'), EXACTLY_ONCE, the default) answers every
ChargeCustomer request with a ChargeCustomerResult Response: ok=true with a receipt, or
ok=false / error_code=402 when data.amount_cents > 100000. Eventy routes the Response to the
app's own `<prefix>billing-responses` topic inside the consume-process-produce transaction.

It exits 0 after answering --max-requests requests, 2 on --timeout.

    python billing_service.py --bootstrap 127.0.0.1:9092 --topic-prefix it1- \
        [--serializer json|avro] [--max-requests 2] [--timeout 60] [--out responses.json]

--out gets the Responses it wrote, fields as eventy held them before encoding.
Prints `READY <service name>` on stdout once the app is initialized (subscribed).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import interop_common as ic  # noqa: E402

CHARGE_LIMIT_CENTS = 100_000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--bootstrap', required=True)
    ap.add_argument('--topic-prefix', required=True)
    ap.add_argument('--serializer', choices=ic.SERIALIZERS, default='json')
    ap.add_argument('--max-requests', type=int, default=2)
    ap.add_argument('--timeout', type=float, default=60.0)
    ap.add_argument('--out')
    ap.add_argument('--create-topics', action='store_true', help='create the run topics first (if run alone)')
    ap.add_argument('--verbose', action='store_true')
    args = ap.parse_args()
    ic.setup_logging(args.verbose)

    orders_svc, billing_svc = ic.make_services(args.topic_prefix, args.serializer)

    # SERVICE_NAME must be set before eventy.messaging.confluent_kafka is imported (it copies
    # the value at import time) and is used by gen_trace_id at call time.
    import eventy.config
    eventy.config.SERVICE_NAME = billing_svc.name

    from eventy.messaging import Agent, EventyApp, handle_request
    from eventy.record import Request, Response

    if args.create_topics:
        ic.create_topics(args.bootstrap, ic.service_topics(orders_svc) + ic.service_topics(billing_svc))

    written = []
    answered = []
    done = threading.Event()
    app_holder = {}

    # A handler must be an Agent method or a *module-level* function: eventy's decorator
    # treats any callable whose __qualname__ contains '.' (e.g. a nested function) as an
    # Agent method, and it then fails with "Agent need to be set before usage".
    class BillingAgent(Agent):
        @handle_request('ChargeCustomer')
        def charge_customer(self, request: Request):
            return charge_customer(request)

    def charge_customer(request: Request):
        # eventy sets correlation_id_var to request.correlation_id around this call, so the
        # Response built without an explicit correlation_id inherits it. `context` is copied
        # by hand: eventy never propagates it.
        amount = int(request.data.get('amount_cents', 0))
        common = dict(
            protocol_version=ic.PROTOCOL_VERSION,
            namespace=billing_svc.namespace,
            name='ChargeCustomerResult',
            version='1.2.0',
            source=billing_svc.namespace,
            destination=request.source,
            request_uuid=request.uuid,
            partition_key=request.partition_key,
            context=request.context,
        )
        if amount > CHARGE_LIMIT_CENTS:
            response = Response(
                ok=False,
                error_code=402,
                error_message=f'Paiement refusé : plafond de {CHARGE_LIMIT_CENTS // 100} € dépassé',
                data={},
                **common,
            )
        else:
            response = Response(
                data={
                    'charge_id': f"ch-{request.uuid[:8]}",
                    'amount_cents': amount,
                    'receipt': {
                        'lines': [request.data.get('description', ''), f'Montant : {amount / 100:.2f} €'],
                        'issuer': 'Qotto Facturation — Zürich',
                    },
                },
                **common,
            )
        written.append({'request_uuid': request.uuid, 'record': ic.record_fields(response)})
        answered.append(request.uuid)
        if len(answered) >= args.max_requests:
            # finish this batch (the transaction commits), then stop
            app_holder['app'].cancel()
            done.set()
        return [response]

    serializer = ic.make_serializer(args.serializer)
    store = ic.make_store(serializer, args.bootstrap, billing_svc.name)
    app = EventyApp(
        record_store=store,
        app_service=billing_svc,
        ext_services=[orders_svc],
        agents=[BillingAgent()],
        read_timeout_ms=500,      # consume() must return so cancel() is seen
        write_timeout_ms=15_000,
        commit_timeout_ms=15_000,
        ack_timeout_ms=15_000,
    )
    app_holder['app'] = app
    print(f'READY {billing_svc.name}', flush=True)

    def watchdog():
        if not done.wait(args.timeout):
            ic.log.error('billing: timeout after %.0fs, answered %d/%d', args.timeout, len(answered), args.max_requests)
            app.cancel()

    threading.Thread(target=watchdog, daemon=True).start()
    started = time.time()
    rc = 0
    try:
        app.run_until_cancelled()
    except Exception:  # noqa: BLE001
        ic.log.exception('billing: app failed')
        rc = 1
    finally:
        store.close()
    if rc == 0 and len(answered) < args.max_requests:
        rc = 2
    if args.out:
        ic.dump_json({
            'service': billing_svc.name,
            'namespace': billing_svc.namespace,
            'serializer': args.serializer,
            'group_id': store.group_id,
            'transactional_id': store.transactional_id,
            'answered': len(answered),
            'seconds': round(time.time() - started, 3),
            'responses': written,
        }, args.out)
    ic.log.info('billing %s: answered %d request(s), rc=%d', billing_svc.name, len(answered), rc)
    return rc


if __name__ == '__main__':
    sys.exit(main())
