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
  // both maps also remember default-convention answers: a trace asks about the same few names thousands of times
  const ownerByTopic = new Map<string, { service: string; role: TopicRole } | null>();
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
  const defaultOwner = (topic: string): { service: string; role: TopicRole } | null => {
    const match = defaultTopicPattern.exec(topic);
    if (!match) return null;
    const service = match[1]!;
    const role = match[2] as TopicRole;
    // a service with an overridden topic of this role does not own the default-named one
    return overrides[service]?.[`${role}Topic`] === undefined ? { service, role } : null;
  };
  return {
    serviceOfUrn(urn) {
      let service = serviceByUrn.get(urn);
      if (service === undefined) serviceByUrn.set(urn, (service = urn.startsWith('urn:') ? urn.slice(4) : urn));
      return service;
    },
    urnOfService: (service) => overrides[service]?.urn ?? `urn:${service}`,
    ownerOfTopic(topic) {
      let owner = ownerByTopic.get(topic);
      if (owner === undefined) ownerByTopic.set(topic, (owner = defaultOwner(topic)));
      return owner;
    },
    readersOfTopic: (topic) => readersByTopic.get(topic) ?? noReaders,
  };
}
