// The bounds of parameters: by name, by type, and as OpenAPI shows them.
import { describe, expect, it } from 'vitest';
import { apiByName, APIS, buildOpenApi, INVENTORIES, isHostAddress, paramLimits } from './index.js';

const param = (api: string, name: string) => apiByName(api)!.params.find((p) => p.name === name)!;

describe('paramLimits', () => {
  it('bounds what the schema stores, by parameter name, in every API', () => {
    expect(paramLimits(param('CreateZone', 'name'))).toMatchObject({ maxLength: 255 });
    expect(paramLimits(param('UpdateHost', 'description'))).toMatchObject({ maxLength: 2048 });
    expect(paramLimits(param('AddKVMHost', 'sshPort'))).toMatchObject({ min: 1, max: 65535 });
    expect(paramLimits(param('AddKVMHost', 'managementIp'))).toMatchObject({ format: 'host-address', maxLength: 255 });
    expect(paramLimits(param('CreateZone', 'userTags'))).toEqual({ maxLength: 2048, maxItems: 1000 });
    expect(paramLimits(param('LogInByAccount', 'accountName'))).toMatchObject({ maxLength: 255 });
  });

  it('derives uuids from names and bounds every other string, list and integer by type', () => {
    expect(paramLimits(param('CreateCluster', 'zoneUuid'))).toEqual({ format: 'uuid', maxLength: 32 });
    expect(paramLimits(param('KvmRunShell', 'hostUuids'))).toEqual({ format: 'uuid', maxLength: 32, maxItems: 1000 });
    expect(paramLimits(param('CreateCluster', 'hypervisorType'))).toEqual({});
    for (const api of APIS) {
      for (const p of api.params) {
        const limits = paramLimits(p);
        if ((p.type === 'String' || p.type === 'Timestamp') && !p.values?.length) expect(limits.maxLength, `${api.name}.${p.name}`).toBeGreaterThan(0);
        if (p.type === 'List' || p.type === 'Set') expect(limits.maxItems, `${api.name}.${p.name}`).toBeGreaterThan(0);
        if (p.type === 'Integer') expect(limits.max, `${api.name}.${p.name}`).toBeLessThanOrEqual(2 ** 31 - 1);
      }
    }
  });

  it('shows the bounds in the OpenAPI document', () => {
    const doc: any = buildOpenApi(APIS, INVENTORIES);
    const schema = doc.paths['/zstack/v1/hosts/kvm'].post.requestBody.content['application/json'].schema;
    expect(schema.properties.params.properties.name.maxLength).toBe(255);
    expect(schema.properties.params.properties.sshPort).toMatchObject({ minimum: 1, maximum: 65535 });
    expect(schema.properties.params.properties.clusterUuid.pattern).toBe('^[0-9a-f]{32}$');
    expect(schema.properties.systemTags).toMatchObject({ maxItems: 1000, items: { type: 'string', maxLength: 2048 } });
  });
});

describe('isHostAddress', () => {
  it.each(['10.0.0.11', '0.0.0.0', '255.255.255.255', '::1', 'fd00::11', '::ffff:10.0.0.1', 'kvm-01', 'kvm-01.lab.example.com', 'a1.b2'])('accepts %s', (s) => {
    expect(isHostAddress(s)).toBe(true);
  });

  it.each(['', ' ', '10.0.0.256', '999.1.1.1', '1.2.3', 'kvm..lab', '-kvm', 'kvm-', 'kvm_01', 'kvm 01', `${'a'.repeat(64)}.lab`, 'http://10.0.0.1', '10.0.0.1:22', '[::1]', 'fe80::1%eth0', ':::'])('refuses %j', (s) => {
    expect(isHostAddress(s)).toBe(false);
  });
});
