import fc from 'fast-check';
import { changedFieldNames, diffRecords } from '../../../../src/monitor/poll/diff';
import { client, hapg, hsm } from './fixtures';

describe('diffRecords', () => {
  it('reports a status change as HSM Status Changed only', () => {
    const changes = diffRecords(hsm(), hsm({ Status: 'DEGRADED', StatusDetails: 'fan' }));
    expect(changes).toEqual([
      { detailType: 'HSM Status Changed', changedFields: ['Status', 'StatusDetails'] },
    ]);
  });

  it('reports other HSM fields as one HSM Changed with a field-level diff', () => {
    const changes = diffRecords(hsm(), hsm({ EniIp: '10.0.0.9', SoftwareVersion: '5.4' }));
    expect(changes).toEqual([{ detailType: 'HSM Changed', changedFields: ['EniIp', 'SoftwareVersion'] }]);
  });

  it('splits HAPG changes into state, membership and action-failed categories', () => {
    const changes = diffRecords(
      hapg(),
      hapg({
        State: 'DEGRADED',
        PartitionSerialList: ['111111'],
        HsmsLastActionFailed: ['hsm-x'],
        LastModifiedTimestamp: 't2',
      }),
    );
    expect(changes.map((c) => c.detailType)).toEqual([
      'HAPG State Changed',
      'HAPG Membership Changed',
      'HAPG Action Failed',
    ]);
    // The passive timestamp rides along with the first event instead of a HAPG Changed of its own.
    expect(changes[0]!.changedFields).toEqual(['State', 'LastModifiedTimestamp']);
  });

  it('does not report HsmsLastActionFailed being cleared as an action failure', () => {
    const changes = diffRecords(hapg({ HsmsLastActionFailed: ['hsm-x'] }), hapg());
    expect(changes).toEqual([{ detailType: 'HAPG Changed', changedFields: ['HsmsLastActionFailed'] }]);
    // With a recovery it rides along with the state change instead of a HAPG Changed of its own.
    const recovery = diffRecords(hapg({ State: 'DEGRADED', HsmsLastActionFailed: ['hsm-x'] }), hapg());
    expect(recovery).toEqual([
      { detailType: 'HAPG State Changed', changedFields: ['State', 'HsmsLastActionFailed'] },
    ]);
  });

  it('reports a new certificate as Luna Client Certificate Changed', () => {
    const changes = diffRecords(
      client(),
      client({ CertificateFingerprint: 'cc:dd', LastModifiedTimestamp: 'x' }),
    );
    expect(changes).toEqual([
      {
        detailType: 'Luna Client Certificate Changed',
        changedFields: ['CertificateFingerprint', 'LastModifiedTimestamp'],
      },
    ]);
  });

  it('stores tag changes silently', () => {
    expect(diffRecords(hsm(), hsm({ Tags: { team: 'a' } }))).toEqual([]);
    expect(changedFieldNames(hsm(), hsm({ Tags: { team: 'a' } }))).toEqual(['Tags']);
  });

  it('never reports a difference between a record and itself (property)', () => {
    const arbHsm = fc.record({
      Status: fc.constantFrom('PENDING', 'RUNNING', 'DEGRADED', 'SUSPENDED'),
      EniIp: fc.option(fc.ipV4(), { nil: undefined }),
      SoftwareVersion: fc.string(),
      PartitionSerials: fc.array(fc.stringMatching(/^[0-9]{6}$/)),
      Tags: fc.dictionary(fc.string({ minLength: 1 }), fc.string()),
    });
    fc.assert(
      fc.property(arbHsm, (over) => {
        const record = hsm(over as never);
        const copy = JSON.parse(JSON.stringify(record));
        expect(diffRecords(record, copy)).toEqual([]);
      }),
    );
  });
});
