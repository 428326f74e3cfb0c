import { createHash } from 'node:crypto';
import type { ResolvedOptions } from '../options';

/** Where a subnet lives. */
export interface SubnetInfo {
  availabilityZone: string;
  vpcId: string;
  cidrPrefix: string;
}

const AZ_SUFFIXES = ['a', 'b', 'c'] as const;

/** The region's Availability Zones (three per region). */
export function zonesOf(region: string): string[] {
  return AZ_SUFFIXES.map((s) => `${region}${s}`);
}

/**
 * A subnet's AZ, VPC and /24, from configuration or else derived from its id: the AZ from the
 * last hex digit, the VPC from the first four, the /24 from the middle bytes.
 */
export function subnetInfo(options: ResolvedOptions, region: string, subnetId: string): SubnetInfo {
  const configured = options.subnets.find((s) => s.subnetId === subnetId);
  const hex = subnetId.slice('subnet-'.length);
  const zones = zonesOf(region);
  if (configured) {
    return {
      availabilityZone: configured.availabilityZone,
      vpcId: configured.vpcId,
      cidrPrefix:
        configured.cidrPrefix ?? `10.${parseInt(hex.slice(2, 4), 16)}.${parseInt(hex.slice(4, 6), 16)}`,
    };
  }
  return {
    availabilityZone: zones[parseInt(hex.slice(-1), 16) % zones.length]!,
    vpcId: `vpc-${createHash('sha256')
      .update(`vpc:${hex.slice(0, 4)}`)
      .digest('hex')
      .slice(0, 8)}`,
    cidrPrefix: `10.${parseInt(hex.slice(2, 4), 16)}.${parseInt(hex.slice(4, 6), 16)}`,
  };
}

/** A subnet id (derived mode) in the given AZ index, sharing a VPC with others of the same `vpcKey`. */
export function subnetIdFor(vpcKey: number, azIndex: number, n = 0): string {
  const v = (vpcKey & 0xffff).toString(16).padStart(4, '0');
  const mid = (n & 0xff).toString(16).padStart(2, '0');
  return `subnet-${v}${mid}${(azIndex % AZ_SUFFIXES.length).toString(16)}${(azIndex % AZ_SUFFIXES.length).toString(16)}`.slice(
    0,
    15,
  );
}
