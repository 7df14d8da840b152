#!/usr/bin/env python3
"""Produce reference Eventy 3.4.0 records to Kafka, with eventy's own code, and describe them.

    python produce_records.py --bootstrap 127.0.0.1:9092 --topic-prefix it1- --out out.json \
        [--serializers json,avro] [--no-service] [--requests 2] [--timeout 90] [--verbose]

For each serializer (json, then avro), services `<p>orders` / `<p>billing` (JSON) and
`<p>orders-avro` / `<p>billing-avro` (Avro), namespaces urn:lens-interop:orders|billing:

1. static records, built with eventy.record classes and written through
   EventyApp.write_store (eventy routing, CKStore immediate producer):
   OrderPlaced event (key, nested + non-ASCII data, context, business date with millis),
   OrderCancelled event (null key, date on a whole second), ChargeCustomer request,
   ChargeCustomerResult ok response, ChargeCustomerResult error response (ok=false, 402, data {}).
2. unless --no-service: starts billing_service.py (a real EventyApp) as a subprocess, sends it
   --requests ChargeCustomer requests from an `orders` EventyApp (the last one over the limit,
   so it gets an error response), and collects the Responses with a @handle_response handler.
3. reads every topic of the run back (plain confluent_kafka, read_committed) and checks each
   message: topic, key == partition_key, no headers, JSON bytes == JsonSerializer.encode(record),
   eventy's own decode == record (Avro: the known lossy spots are recorded, not hidden).

Exit status 0 only if every check passed. --out: see README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from typing import Any, Dict, List

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import interop_common as ic  # noqa: E402


def build_static_records(orders_svc, billing_svc):
    """The five reference records of one serializer run, built with eventy's classes."""
    from eventy.record import Event, Request, Response
    from eventy.trace_id import local_trace
    from eventy.trace_id.generator import gen_trace_id

    # An operation started by an HTTP call: eventy's Django middleware would set this id.
    correlation_id = gen_trace_id('POST_/api/orders')
    ctx = {
        ORDERS: {
            'user_id': 'u-981',
            'locale': 'fr-CH',
            'display_name': 'Zoë Müller-Łukasz',
            'attempt': 1,
            'beta': True,
            'score': 0.1,      # Avro writes this as a 32-bit float (see FINDINGS.md)
            'nothing': None,
        }
    }
    with local_trace(correlation_id=correlation_id):
        # correlation_id omitted on purpose: eventy takes it from the context variable.
        placed = Event(
            protocol_version=ic.PROTOCOL_VERSION,
            namespace=orders_svc.namespace,
            name='OrderPlaced',
            version='1.0.0',
            source=orders_svc.namespace,
            partition_key='order-1042',
            date=datetime(2024, 1, 15, 10, 30, 0, 123456, tzinfo=timezone.utc),  # eventy cuts to .123
            context=ctx,
            data={
                'order_id': 'order-1042',
                'customer': {'id': 'cus-77', 'display_name': 'Zoë Müller — 東京支店', 'vip': True},
                'lines': [
                    {'sku': 'CAF-001', 'label': 'Café crème ☕', 'quantity': 2, 'unit_price': 4.5},
                    {'sku': 'GÂT-17', 'label': 'Gâteau \"forêt-noire\"\n(part)', 'quantity': 1, 'unit_price': 36.99},
                ],
                'total_cents': 4599,
                'currency': 'EUR',
                'tags': {'canal': 'web', 'émoji': '😀'},
                'note': None,
            },
        )
        cancelled = Event(
            protocol_version=ic.PROTOCOL_VERSION,
            namespace=orders_svc.namespace,
            name='OrderCancelled',
            version='1.0.0',
            source=orders_svc.namespace,
            partition_key=None,
            date=datetime(2024, 1, 15, 10, 30, 1, tzinfo=timezone.utc),  # no fraction in isoformat
            data={'order_id': 'order-1041', 'reason': "Le client a changé d'avis 🙃", 'refund': None},
        )
        request = Request(
            protocol_version=ic.PROTOCOL_VERSION,
            namespace=billing_svc.namespace,   # a Request carries the *target's* namespace
            name='ChargeCustomer',
            version='1.2.0',
            source=orders_svc.namespace,
            partition_key='cus-77',
            context=ctx,
            data={'customer_id': 'cus-77', 'order_id': 'order-1042', 'amount_cents': 4599,
                  'currency': 'EUR', 'description': 'Commande n° 1042 — café & gâteau'},
        )
        ok = Response(
            protocol_version=ic.PROTOCOL_VERSION,
            namespace=billing_svc.namespace,
            name='ChargeCustomerResult',
            version='1.2.0',
            source=billing_svc.namespace,
            destination=request.source,
            request_uuid=request.uuid,
            partition_key=request.partition_key,
            context=ctx,
            data={'charge_id': 'ch-5531', 'amount_cents': 4599,
                  'receipt': {'lines': ['Commande n° 1042', 'Total : 45,99 €'], 'issuer': 'Qotto — Zürich'}},
        )
        error = Response(
            protocol_version=ic.PROTOCOL_VERSION,
            namespace=billing_svc.namespace,
            name='ChargeCustomerResult',
            version='1.2.0',
            source=billing_svc.namespace,
            destination=request.source,
            request_uuid=request.uuid,
            ok=False,
            error_code=402,
            error_message='Paiement refusé : carte expirée (« 12/23 »)',
            partition_key='cus-78',
            context={},
        )
    return [
        ('event:OrderPlaced', 'orders', placed),
        ('event:OrderCancelled', 'orders', cancelled),
        ('request:ChargeCustomer', 'orders', request),
        ('response:ok', 'billing', ok),
        ('response:error', 'billing', error),
    ]


ORDERS = ic.ORDERS_NAMESPACE
CHILDREN: List[subprocess.Popen] = []


def expected_topic(record, writer_svc, orders_svc, billing_svc) -> str:
    """Eventy 3.4.0 routing (EventyApp._get_topic_for_record): Event and Response go to the
    writer's own topic; a Request to the external service whose namespace == record.namespace."""
    t = record.type.value
    if t == 'EVENT':
        return writer_svc.event_topic
    if t == 'RESPONSE':
        return writer_svc.response_topic
    target = billing_svc if record.namespace == billing_svc.namespace else orders_svc
    return target.request_topic


def run_serializer(args, fmt: str, messages: List[Dict[str, Any]], exchanges: List[Dict[str, Any]],
                   services_out: List[Dict[str, Any]], problems: List[str]) -> None:
    from eventy.messaging import Agent, EventyApp, handle_response

    orders_svc, billing_svc = ic.make_services(args.topic_prefix, fmt)
    for s in (orders_svc, billing_svc):
        services_out.append({
            'serializer': fmt, 'name': s.name, 'namespace': s.namespace,
            'event_topic': s.event_topic, 'request_topic': s.request_topic, 'response_topic': s.response_topic,
        })
    serializer = ic.make_serializer(fmt)

    # --- 1. static records through EventyApp.write_store -------------------------------
    t0 = time.time()
    orders_store = ic.make_store(serializer, args.bootstrap, orders_svc.name)
    collected: Dict[str, Any] = {}
    lock = threading.Lock()

    class OrdersAgent(Agent):
        # an Agent method: eventy refuses nested functions as handlers (see FINDINGS.md)
        @handle_response(billing_svc.name, 'ChargeCustomerResult')
        def on_charge_result(self, response):
            with lock:
                collected[response.uuid] = response
            return None

    # The orders app: listens to <billing>-responses (for the service exchange below).
    orders_app = EventyApp(
        record_store=orders_store, app_service=orders_svc, ext_services=[billing_svc],
        agents=[OrdersAgent()] if not args.no_service else [],
        read_timeout_ms=500, write_timeout_ms=15_000, commit_timeout_ms=15_000, ack_timeout_ms=15_000,
    )
    # The billing side of the static responses: an app with no handler, used only to write.
    billing_store = ic.make_store(serializer, args.bootstrap, billing_svc.name + '-static-writer')
    billing_writer = EventyApp(
        record_store=billing_store, app_service=billing_svc, ext_services=[orders_svc],
        write_timeout_ms=15_000,
    )
    apps = {'orders': orders_app, 'billing': billing_writer}
    static_records = build_static_records(orders_svc, billing_svc)
    static_uuids = {r.uuid for _, _, r in static_records}
    static_requests = [(rid, r) for rid, _, r in static_records if r.type.value == 'REQUEST']
    for rid, writer, record in static_records:
        apps[writer].write_store.write(record)
        messages.append({
            'id': f'{fmt}:{rid}',
            'serializer': fmt,
            'role': 'static',
            'written_by': f'{apps[writer]._app_service.name} EventyApp.write_store (CKStore immediate producer)',
            'expected_topic': expected_topic(record, apps[writer]._app_service, orders_svc, billing_svc),
            'record': ic.record_fields(record),
            '_record_obj': record,
        })
    ic.log.info('%s: static records written in %.2fs', fmt, time.time() - t0)
    billing_store.close()

    # --- 2. a real service exchange -------------------------------------------------------
    if not args.no_service:
        from eventy.record import Request
        from eventy.trace_id import local_trace
        from eventy.trace_id.generator import gen_trace_id

        billing_out = os.path.join(args.workdir, f'billing-{fmt}.json')
        cmd = [sys.executable, os.path.join(ic.HERE, 'billing_service.py'),
               '--bootstrap', args.bootstrap, '--topic-prefix', args.topic_prefix,
               '--serializer', fmt, '--max-requests', str(args.requests + len(static_requests)),
               '--timeout', str(args.timeout), '--out', billing_out]
        if args.verbose:
            cmd.append('--verbose')
        t1 = time.time()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        CHILDREN.append(proc)
        ready = proc.stdout.readline().strip()
        if not ready.startswith('READY'):
            problems.append(f'{fmt}: billing_service did not start: {ready!r} rc={proc.wait()}')
            return
        ic.log.info('%s: %s (%.2fs)', fmt, ready, time.time() - t1)

        finished: Dict[str, Any] = {}
        orders_app.run(done_callback=lambda exc: finished.setdefault('exc', exc))

        # The service answers every request in its topic, the static one too (it reads from
        # the beginning: auto.offset.reset=earliest, a new group).
        sent = [(f'{fmt}:{rid}', 'static', r) for rid, r in static_requests]
        for i in range(args.requests):
            over = i == args.requests - 1 and args.requests > 1
            amount = 250_000 if over else 1_990 + i
            with local_trace(correlation_id=gen_trace_id('POST_/api/checkout')):
                req = Request(
                    protocol_version=ic.PROTOCOL_VERSION, namespace=billing_svc.namespace,
                    name='ChargeCustomer', version='1.2.0', source=orders_svc.namespace,
                    partition_key=f'cus-{100 + i}',
                    context={ORDERS: {'user_id': f'u-{i}', 'checkout': 'panier n°' + str(i)}},
                    data={'customer_id': f'cus-{100 + i}', 'order_id': f'order-{2000 + i}',
                          'amount_cents': amount, 'currency': 'EUR',
                          'description': f'Commande n° {2000 + i} — service test'},
                )
            orders_app.write_store.write(req)
            sent.append((f'{fmt}:service:request:{i + 1}', str(i + 1), req))
            messages.append({
                'id': f'{fmt}:service:request:{i + 1}', 'serializer': fmt, 'role': 'service-request',
                'written_by': f'{orders_svc.name} EventyApp.write_store (CKStore immediate producer)',
                'expected_topic': billing_svc.request_topic,
                'record': ic.record_fields(req), '_record_obj': req,
            })

        def service_responses():
            by_req: Dict[str, Any] = {}
            with lock:
                for r in collected.values():
                    if r.uuid not in static_uuids:
                        by_req[r.request_uuid] = r
            return by_req

        deadline = time.time() + args.timeout
        while time.time() < deadline:
            if all(r.uuid in service_responses() for _, _, r in sent):
                break
            if 'exc' in finished:
                break
            time.sleep(0.1)
        orders_app.cancel()
        for _ in range(100):
            if 'exc' in finished:
                break
            time.sleep(0.1)
        if finished.get('exc') is not None:
            problems.append(f'{fmt}: orders app failed: {finished["exc"]!r}')
        try:
            rc = proc.wait(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = 'killed'
        if rc != 0:
            problems.append(f'{fmt}: billing_service exited with {rc}')
        billing_written = {}
        if os.path.exists(billing_out):
            with open(billing_out, encoding='utf-8') as f:
                bo = json.load(f)
            billing_written = {r['request_uuid']: r['record'] for r in bo['responses']}
            for s in services_out:
                if s.get('name') == bo['service']:
                    s.update({'group_id': bo['group_id'], 'transactional_id': bo['transactional_id']})
        answers = service_responses()
        for req_id, label, req in sent:
            resp = answers.get(req.uuid)
            if resp is None:
                problems.append(f'{fmt}: no response for request {req.uuid}')
                continue
            held = ic.record_fields(resp)
            if req.uuid in billing_written and billing_written[req.uuid] != json.loads(json.dumps(held)):
                problems.append(f'{fmt}: response as decoded by orders != as written by billing for {req.uuid}')
            messages.append({
                'id': f'{fmt}:service:response:{label}', 'serializer': fmt, 'role': 'service-response',
                'written_by': f'{billing_svc.name} EventyApp EXACTLY_ONCE handler (CKStore transactional producer)',
                'expected_topic': billing_svc.response_topic,
                # as the billing service held it before encoding (from its --out file)
                'record': billing_written.get(req.uuid, held),
                '_record_obj': None,
            })
            exchanges.append({
                'serializer': fmt,
                'request_id': req_id,
                'response_id': f'{fmt}:service:response:{label}',
                'request_uuid': req.uuid,
                'response_uuid': resp.uuid,
                'ok': resp.ok,
                'same_correlation_id': resp.correlation_id == req.correlation_id,
                'destination_is_request_source': resp.destination == req.source,
                'received_by_orders_handler': True,
            })
        ic.log.info('%s: service exchange of %d request(s) done in %.2fs', fmt, len(sent), time.time() - t1)

    for s in services_out:
        if s.get('name') == orders_svc.name:
            s.update({'group_id': orders_store.group_id, 'transactional_id': orders_store.transactional_id})
    orders_store.close()


def read_back(args, topics: List[str], timeout: float) -> List[Dict[str, Any]]:
    """Every message of the run's topics, read_committed, from the beginning, no group commit."""
    from confluent_kafka import Consumer, TopicPartition, KafkaError
    c = Consumer({
        'bootstrap.servers': args.bootstrap,
        'group.id': f'{args.topic_prefix}interop-verifier',
        'enable.auto.commit': False,
        'isolation.level': 'read_committed',
        'enable.partition.eof': True,
        'auto.offset.reset': 'earliest',
    })
    md = c.list_topics(timeout=10)
    tps = []
    for t in topics:
        for p in md.topics[t].partitions:
            tps.append(TopicPartition(t, p, 0))  # offset 0 = beginning
    c.assign(tps)
    remaining = {(tp.topic, tp.partition) for tp in tps}
    out = []
    deadline = time.time() + timeout
    while remaining and time.time() < deadline:
        for m in c.consume(100, 0.5):
            if m.error():
                if m.error().code() == KafkaError._PARTITION_EOF:
                    remaining.discard((m.topic(), m.partition()))
                    continue
                raise RuntimeError(f'consume error: {m.error()}')
            ts_type, ts = m.timestamp()
            out.append({
                'topic': m.topic(), 'partition': m.partition(), 'offset': m.offset(),
                'key': m.key(), 'value': m.value(), 'headers': m.headers(),
                'timestamp_type': {0: 'none', 1: 'create', 2: 'log_append'}.get(ts_type, str(ts_type)),
                'timestamp_ms': ts,
            })
    c.close()
    if remaining:
        raise RuntimeError(f'did not reach the end of {sorted(remaining)} within {timeout}s')
    return out


def json_safe(v):
    return json.loads(json.dumps(v))


def verify_and_fill(messages: List[Dict[str, Any]], consumed: List[Dict[str, Any]], problems: List[str]) -> List[Dict[str, Any]]:
    from eventy.serialization.json import JsonSerializer
    serializers = {fmt: ic.make_serializer(fmt) for fmt in ic.SERIALIZERS}
    by_uuid: Dict[str, Dict[str, Any]] = {}
    unknown = []
    for c in consumed:
        val = c['value']
        fmt = 'json' if val[:1] == b'{' else 'avro' if val[:4] == b'Obj\x01' else None
        if fmt is None:
            unknown.append(c)
            continue
        decoded = serializers[fmt].decode(val)
        c['fmt'] = fmt
        c['decoded'] = decoded
        if decoded.uuid in by_uuid:
            problems.append(f'uuid {decoded.uuid} seen twice (duplicate delivery?)')
        by_uuid[decoded.uuid] = c
    for u in unknown:
        problems.append(f"unrecognised value at {u['topic']}[{u['partition']}]@{u['offset']}")

    js = JsonSerializer()
    seen = set()
    for msg in messages:
        rec = msg['record']
        c = by_uuid.get(rec['uuid'])
        mid = msg['id']
        if c is None:
            problems.append(f'{mid}: not found on Kafka')
            continue
        seen.add(rec['uuid'])
        key = None if c['key'] is None else c['key'].decode('utf-8')
        msg.update({
            'topic': c['topic'], 'partition': c['partition'], 'offset': c['offset'],
            'key': key, 'headers': [[k, ic.b64(v)] for k, v in (c['headers'] or [])],
            'timestamp_type': c['timestamp_type'], 'timestamp_ms': c['timestamp_ms'],
            'value_b64': ic.b64(c['value']), 'value_length': len(c['value']),
        })
        if c['fmt'] != msg['serializer']:
            problems.append(f"{mid}: value is {c['fmt']}, expected {msg['serializer']}")
        if c['topic'] != msg['expected_topic']:
            problems.append(f"{mid}: on topic {c['topic']}, expected {msg['expected_topic']}")
        if key != rec['partition_key']:
            problems.append(f"{mid}: key {key!r} != partition_key {rec['partition_key']!r}")
        if c['headers']:
            problems.append(f"{mid}: has headers {c['headers']}")
        decoded_fields = json_safe(ic.record_fields(c['decoded']))
        msg['decoded_by_eventy'] = decoded_fields
        if msg['serializer'] == 'json':
            text = c['value'].decode('utf-8')
            msg['value_text'] = text
            if msg.get('_record_obj') is not None and js.encode(msg['_record_obj']) != c['value']:
                problems.append(f'{mid}: JSON bytes differ from JsonSerializer.encode(record)')
            parsed = json.loads(text)
            if list(parsed.keys()) != list(rec.keys()) or parsed != json_safe(rec):
                problems.append(f'{mid}: JSON value != record fields')
            if decoded_fields != json_safe(rec):
                problems.append(f'{mid}: eventy JSON decode != record fields')
        else:
            msg['avro'] = ic.avro_container_info(c['value'])
            diffs = diff_paths(json_safe(rec), decoded_fields)
            msg['avro_decode_differences'] = diffs
            expected_lossy = all(d.startswith('context.') or d.startswith('data.') for d in diffs)
            if not expected_lossy:
                problems.append(f'{mid}: eventy Avro decode differs from record outside context/data: {diffs}')
    for u, c in by_uuid.items():
        if u not in seen:
            problems.append(f"unexpected record {u} at {c['topic']}[{c['partition']}]@{c['offset']}")
    for msg in messages:
        msg.pop('_record_obj', None)
    return messages


def diff_paths(a, b, path='') -> List[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in list(a.keys()) + [k for k in b.keys() if k not in a]:
            out += diff_paths(a.get(k, '<missing>'), b.get(k, '<missing>'), f'{path}.{k}' if path else k)
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += diff_paths(x, y, f'{path}[{i}]')
        return out
    if a == b and type(a) is type(b):
        return []
    return [f'{path}: {a!r} -> {b!r}']


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--bootstrap', required=True)
    ap.add_argument('--topic-prefix', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--serializers', default='json,avro')
    ap.add_argument('--no-service', action='store_true', help='skip the billing_service.py exchange')
    ap.add_argument('--requests', type=int, default=2, help='requests sent to the billing service per serializer')
    ap.add_argument('--timeout', type=float, default=90.0)
    ap.add_argument('--partitions', type=int, default=3)
    ap.add_argument('--verbose', action='store_true')
    args = ap.parse_args()
    ic.setup_logging(args.verbose)
    fmts = [f.strip() for f in args.serializers.split(',') if f.strip()]
    for f in fmts:
        if f not in ic.SERIALIZERS:
            ap.error(f'unknown serializer {f}')
    args.workdir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(args.workdir, exist_ok=True)

    # gen_trace_id (correlation ids) reads SERVICE_NAME at call time.
    import eventy.config
    eventy.config.SERVICE_NAME = f'{args.topic_prefix}orders'

    import confluent_kafka
    started = time.time()
    topics = []
    for fmt in fmts:
        o, b = ic.make_services(args.topic_prefix, fmt)
        topics += ic.service_topics(o) + ic.service_topics(b)
    ic.create_topics(args.bootstrap, topics, partitions=args.partitions)

    messages: List[Dict[str, Any]] = []
    exchanges: List[Dict[str, Any]] = []
    services: List[Dict[str, Any]] = []
    problems: List[str] = []
    try:
        for fmt in fmts:
            run_serializer(args, fmt, messages, exchanges, services, problems)
    finally:
        for child in CHILDREN:  # only the billing services this script started
            if child.poll() is None:
                child.kill()
                child.wait()

    consumed = read_back(args, topics, timeout=args.timeout)
    verify_and_fill(messages, consumed, problems)

    from importlib.metadata import version
    result = {
        'format': 'eventy-lens-interop/1',
        'eventy_version': version('eventy'),
        'python_version': sys.version.split()[0],
        'confluent_kafka_version': confluent_kafka.version()[0],
        'librdkafka_version': confluent_kafka.libversion()[0],
        'avro_python3_version': version('avro-python3'),
        'bootstrap': args.bootstrap,
        'topic_prefix': args.topic_prefix,
        'topics': topics,
        'services': services,
        'messages': messages,
        'exchanges': exchanges,
        'problems': problems,
        'ok': not problems,
        'seconds': round(time.time() - started, 3),
    }
    ic.dump_json(result, args.out)
    for p in problems:
        ic.log.error('PROBLEM: %s', p)
    print(f"{'OK' if not problems else 'FAILED'}: {len(messages)} messages, {len(exchanges)} exchanges, "
          f"{len(problems)} problem(s), {result['seconds']}s -> {args.out}")
    return 0 if not problems else 1


if __name__ == '__main__':
    sys.exit(main())
