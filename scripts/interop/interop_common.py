"""Shared helpers of the Eventy interop scripts (produce_records.py, billing_service.py).

Everything that touches the wire goes through eventy 3.4.0 itself: its record classes
(eventy.record), its serializers (eventy.serialization.json / .avro), its Kafka store
(eventy.messaging.confluent_kafka.CKStore) and its app (eventy.messaging.EventyApp).
Plain confluent_kafka is used only to create the test topics and to read back what was
produced, for verification.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import os
import sys
import time
from typing import Any, Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS_DIR = os.path.join(HERE, 'schemas')

# Record namespaces are fixed (they are what the .evsc.yaml schemas are registered under);
# only the service names, hence the topic names, carry the per-run prefix.
ORDERS_NAMESPACE = 'urn:lens-interop:orders'
BILLING_NAMESPACE = 'urn:lens-interop:billing'
PROTOCOL_VERSION = '3.0.0'
SERIALIZERS = ('json', 'avro')

log = logging.getLogger('interop')


def setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format='%(asctime)s %(levelname)s %(name)s: %(message)s',
        stream=sys.stderr,
    )
    logging.getLogger('interop').setLevel(logging.INFO)


def service_names(prefix: str, serializer: str) -> Dict[str, str]:
    """Service names of one run: JSON and Avro get separate services (separate topics),
    since an eventy store has one serializer and would fail on the other format."""
    suffix = '' if serializer == 'json' else '-avro'
    return {'orders': f'{prefix}orders{suffix}', 'billing': f'{prefix}billing{suffix}'}


def make_services(prefix: str, serializer: str):
    from eventy.messaging import Service
    names = service_names(prefix, serializer)
    orders = Service(names['orders'], namespace=ORDERS_NAMESPACE)
    billing = Service(names['billing'], namespace=BILLING_NAMESPACE)
    return orders, billing


def service_topics(service) -> List[str]:
    return [service.event_topic, service.request_topic, service.response_topic]


def make_serializer(serializer: str):
    if serializer == 'json':
        from eventy.serialization.json import JsonSerializer
        return JsonSerializer()
    if serializer == 'avro':
        from eventy.serialization.avro import AvroSerializer
        return AvroSerializer.from_schemas_folder(SCHEMAS_DIR)
    raise ValueError(serializer)


def make_store(serializer_obj, bootstrap: str, service_name: str):
    """eventy's own confluent-kafka store.

    group_id is passed explicitly: CKStore's default is `eventy.config.SERVICE_NAME` as it was
    when eventy.messaging.confluent_kafka was first imported (see FINDINGS.md), and one
    process here hosts two services."""
    from eventy.messaging.confluent_kafka import CKStore
    import uuid
    return CKStore(
        serializer=serializer_obj,
        bootstrap_servers=[bootstrap],
        group_id=service_name,
        transactional_id=f'{service_name}-{uuid.uuid4()}',
        extra_consumer_config={'session.timeout.ms': 10000},
    )


def create_topics(bootstrap: str, topics: List[str], partitions: int = 3, timeout: float = 30.0) -> None:
    """Create the run's topics up front (eventy creates none, and a consumer subscribed to a
    missing topic would only see it after librdkafka's metadata refresh)."""
    from confluent_kafka.admin import AdminClient, NewTopic
    from confluent_kafka import KafkaError
    admin = AdminClient({'bootstrap.servers': bootstrap})
    futures = admin.create_topics(
        [NewTopic(t, num_partitions=partitions, replication_factor=1) for t in topics],
        operation_timeout=timeout, request_timeout=timeout,
    )
    for topic, fut in futures.items():
        try:
            fut.result(timeout)
        except Exception as e:  # noqa: BLE001
            err = e.args[0] if e.args else None
            if getattr(err, 'code', lambda: None)() == KafkaError.TOPIC_ALREADY_EXISTS:
                continue
            raise
    # wait until the metadata shows them all
    deadline = time.time() + timeout
    while time.time() < deadline:
        md = admin.list_topics(timeout=5)
        if all(t in md.topics and not md.topics[t].error and len(md.topics[t].partitions) >= 1 for t in topics):
            return
        time.sleep(0.2)
    raise RuntimeError(f'topics not visible after {timeout}s: {topics}')


def record_fields(record) -> Dict[str, Any]:
    """The record's fields exactly as eventy holds them, in eventy's own JSON key order.

    date_timestamp / date_iso8601 use the very expressions of eventy's serializers
    (int(date.timestamp() * 1000) and date.isoformat())."""
    from eventy.record import Response
    out: Dict[str, Any] = {
        'type': record.type.value,
        'namespace': record.namespace,
        'name': record.name,
        'protocol_version': record.protocol_version,
        'version': record.version,
        'source': record.source,
        'uuid': record.uuid,
        'correlation_id': record.correlation_id,
        'partition_key': record.partition_key,
        'date_timestamp': int(record.date.timestamp() * 1000),
        'date_iso8601': record.date.isoformat(),
    }
    if isinstance(record, Response):
        out.update({
            'destination': record.destination,
            'request_uuid': record.request_uuid,
            'ok': record.ok,
            'error_code': record.error_code,
            'error_message': record.error_message,
        })
    out['context'] = record.context
    out['data'] = record.data
    return out


def avro_container_info(value: bytes) -> Dict[str, Any]:
    """Layout of an Avro object container file, parsed by hand (magic, metadata map,
    sync marker, then blocks of <count><size><data><sync>)."""
    from avro.io import BinaryDecoder
    buf = io.BytesIO(value)
    dec = BinaryDecoder(buf)
    magic = buf.read(4)
    meta: Dict[str, bytes] = {}
    while True:
        n = dec.read_long()
        if n == 0:
            break
        if n < 0:
            n = -n
            dec.read_long()
        for _ in range(n):
            k = dec.read_utf8()
            meta[k] = dec.read_bytes()
    sync = buf.read(16)
    header_len = buf.tell()
    blocks = []
    while buf.tell() < len(value):
        count = dec.read_long()
        size = dec.read_long()
        buf.seek(size, io.SEEK_CUR)
        block_sync = buf.read(16)
        blocks.append({'datum_count': count, 'byte_size': size, 'sync_matches': block_sync == sync})
    schema = json.loads(meta['avro.schema'].decode('utf-8'))
    ns = schema.get('namespace')
    return {
        'magic_hex': magic.hex(),
        'meta_keys': sorted(meta),
        'codec': meta.get('avro.codec', b'null').decode('utf-8'),
        'header_bytes': header_len,
        'blocks': blocks,
        'schema_name': schema.get('name'),
        'schema_namespace': ns,
        'schema_fullname': f"{ns}.{schema.get('name')}" if ns else schema.get('name'),
    }


def b64(data: Optional[bytes]) -> Optional[str]:
    return None if data is None else base64.b64encode(data).decode('ascii')


def dump_json(obj: Any, path: str) -> None:
    tmp = f'{path}.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        json.dump(obj, f, ensure_ascii=False, indent=2, allow_nan=True)
        f.write('\n')
    os.replace(tmp, path)
