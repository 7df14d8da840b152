import type { GroupLag } from '../lag/contract';
import type { ServiceNaming } from '../link';

/** A consumer group read as a service: the topics it reads and its lag. */
export interface ServiceGroup {
  groupId: string;
  /** the service name the group stands for */
  service: string;
  topics: string[];
  lag: { lagRecords: number; lagSeconds: number | null };
}

/**
 * Maps consumer groups to services. Eventy names a service's group after the service (protocol §3.3), so group `billing`
 * is service `billing`, whose URN is `urn:billing`. A group named like the last segment of a longer URN seen in the
 * records (`billing` for `urn:acme:billing`) is that service when only one URN ends so. Any other group stands for a
 * service of its own name that wrote nothing in the window. Groups for which `isExcluded` holds (Eventy Lens's own
 * collectors, which read every topic) are left out.
 */
export function mapGroupsToServices(
  groups: readonly GroupLag[],
  knownUrns: Iterable<string>,
  naming: Pick<ServiceNaming, 'serviceOfUrn'>,
  isExcluded: (groupId: string) => boolean,
): ServiceGroup[] {
  const services = new Set<string>();
  const byLastSegment = new Map<string, string | null>();
  for (const urn of knownUrns) {
    const service = naming.serviceOfUrn(urn);
    services.add(service);
    const last = service.split(':').at(-1) ?? service;
    if (last !== service) byLastSegment.set(last, byLastSegment.has(last) && byLastSegment.get(last) !== service ? null : service);
  }
  return groups
    .filter((group) => !isExcluded(group.groupId))
    .map((group) => {
      const own = naming.serviceOfUrn(group.groupId);
      const service = services.has(own) ? own : (byLastSegment.get(own) ?? own);
      return {
        groupId: group.groupId,
        service,
        topics: [...new Set(group.partitions.map((p) => p.topic))].sort(),
        lag: { lagRecords: group.lagRecords, lagSeconds: group.lagSeconds },
      };
    });
}
