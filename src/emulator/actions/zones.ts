import type { OutputOf } from '../../cloudhsm/model';
import type { EmulatorContext } from '../context';
import { zonesOf } from '../state/network';
import type { RegionState } from '../state/region-state';

/** ListAvailableZones: the region's AZs. */
export function listAvailableZones(_ctx: EmulatorContext, rs: RegionState): OutputOf<'ListAvailableZones'> {
  return { AZList: zonesOf(rs.region) };
}
