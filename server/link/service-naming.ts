import type { ServiceConsumption } from './contract';

export type TopicRole = 'events' | 'requests' | 'responses';

export interface ServiceNaming {
  serviceOfUrn(urn: string): string;
  urnOfService(service: string): string;
  /** the service that owns a topic and its role, or null for a topic outside the convention */
  ownerOfTopic(topic: string): { service: string; role: TopicRole } | null;
  /** services whose consumer group reads a topic */
  readersOfTopic(topic: string): readonly string[];
}

const defaultTopicPattern = /^(.+)-(events|requests|responses)$/;
const noReaders: readonly string[] = [];

/** The naming of protocol §3.2 (`<service>-events|requests|responses`, namespace `urn:<service>`), with overrides. */
export function createServiceNaming(consumption: ServiceConsumption): ServiceNaming {
  const overrides = consumption.overrides ?? {};
  const serviceByUrn = new Map<string, string>();
  const ownerByTopic = new Map<string, { service: string; role: TopicRole }>();
  for (const [service, names] of Object.entries(overrides)) {
    if (names.urn !== undefined) serviceByUrn.set(names.urn, service);
    if (names.eventsTopic !== undefined) ownerByTopic.set(names.eventsTopic, { service, role: 'events' });
    if (names.requestsTopic !== undefined) ownerByTopic.set(names.requestsTopic, { service, role: 'requests' });
    if (names.responsesTopic !== undefined) ownerByTopic.set(names.responsesTopic, { service, role: 'responses' });
  }
  const readersByTopic = new Map<string, string[]>();
  for (const [service, topics] of Object.entries(consumption.topicsByService)) {
    for (const topic of topics) {
      const readers = readersByTopic.get(topic) ?? [];
      if (!readers.includes(service)) readers.push(service);
      readersByTopic.set(topic, readers);
    }
  }
  return {
    serviceOfUrn: (urn) => serviceByUrn.get(urn) ?? (urn.startsWith('urn:') ? urn.slice(4) : urn),
    urnOfService: (service) => overrides[service]?.urn ?? `urn:${service}`,
    ownerOfTopic(topic) {
      const overridden = ownerByTopic.get(topic);
      if (overridden) return overridden;
      const match = defaultTopicPattern.exec(topic);
      if (!match) return null;
      const service = match[1]!;
      // a service with an overridden topic of this role does not own the default-named one
      const role = match[2] as TopicRole;
      const roleKey = `${role}Topic` as const;
      if (overrides[service]?.[roleKey] !== undefined) return null;
      return { service, role };
    },
    readersOfTopic: (topic) => readersByTopic.get(topic) ?? noReaders,
  };
}
