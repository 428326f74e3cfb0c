import type { HapgData, HsmData, LunaClientData } from './resources';

/** Everything one account holds in one region. Other accounts and regions never see it. */
export class RegionState {
  readonly hsms = new Map<string, HsmData>();
  readonly hapgs = new Map<string, HapgData>();
  readonly clients = new Map<string, LunaClientData>();
  /** HSM serial number → HSM ARN. */
  readonly hsmBySerial = new Map<string, string>();
  /** Partition serial → owning HSM ARN; kept after the HSM is gone so a HAPG can still name it. */
  readonly partitionOwners = new Map<string, string>();
  /** CreateHsm ClientToken → the request it was used with and the HSM it made. */
  readonly clientTokens = new Map<string, { params: string; arn: string }>();
  /** Next host number per subnet for ENI addresses. */
  readonly nextHost = new Map<string, number>();
  private sorted: { hsm?: string[]; hapg?: string[]; client?: string[] } = {};

  constructor(
    readonly accountId: string,
    readonly region: string,
  ) {}

  /** The ARN prefix of this account and region. */
  arnPrefix(): string {
    return `arn:aws:cloudhsm:${this.region}:${this.accountId}:`;
  }

  /** ARNs of one family in stable (sorted) order, for paging; cached until membership changes. */
  sortedArns(family: 'hsm' | 'hapg' | 'client'): string[] {
    let list = this.sorted[family];
    if (!list) {
      const map = family === 'hsm' ? this.hsms : family === 'hapg' ? this.hapgs : this.clients;
      list = [...map.keys()].sort();
      this.sorted[family] = list;
    }
    return list;
  }

  /** Drops the paging cache; call after adding or removing a resource. */
  membershipChanged(): void {
    this.sorted = {};
  }

  /** True when nothing lives here. */
  isEmpty(): boolean {
    return this.hsms.size === 0 && this.hapgs.size === 0 && this.clients.size === 0;
  }
}
