// The handler around the agent's IOMMU edit. The edit itself runs on real files in the
// agent's spec (apps/agent/src/drivers/pci/iommu.spec.ts); the REST test (test/devices.test.ts)
// reaches a real agent, which refuses on this machine (no GRUB). Here a stand-in channel
// answers as an agent that wrote the file does, to show what the API replies and sends.
import { ApiError } from '#contract';
import { describe, expect, it } from 'vitest';
import type { JobContext } from '../../api/api-command.js';
import type { HostAgentChannel } from '../../host/host-agent-channel.js';
import { UpdateHostIommuStateCommand, UpdateHostIommuStateHandler } from './update-host-iommu-state.js';

function channelAnswering(answer: () => object) {
  const calls: { hostUuid: string; path: string; body: object }[] = [];
  const channel = {
    call: async (hostUuid: string, path: string, body: object) => {
      calls.push({ hostUuid, path, body });
      return answer();
    },
  } as unknown as HostAgentChannel;
  return { channel, calls };
}

const commandFor = (state: 'Enabled' | 'Disabled') =>
  new UpdateHostIommuStateCommand({ resourceUuid: 'h'.repeat(32), request: { params: { state }, systemTags: [], userTags: [], pathParams: {}, query: {} } } as unknown as JobContext);

describe('UpdateHostIommuState', () => {
  it('asks the host’s agent to turn IOMMU on and says a reboot is needed', async () => {
    const { channel, calls } = channelAnswering(() => ({ success: true, error: null, changed: true, rebootRequired: true, kernelCommandLine: 'quiet intel_iommu=on iommu=pt' }));
    const reply = await new UpdateHostIommuStateHandler(channel).execute(commandFor('Enabled'));
    expect(calls).toEqual([{ hostUuid: 'h'.repeat(32), path: '/host/iommu/update', body: { enabled: true } }]);
    expect(reply).toEqual({ state: 'Enabled', rebootRequired: true, kernelCommandLine: 'quiet intel_iommu=on iommu=pt' });
  });

  it('turns it off with enabled false; an agent failure is an operation error naming the host', async () => {
    const { channel, calls } = channelAnswering(() => {
      throw new Error('agent at 10.0.0.5:7070 /host/iommu/update failed: HOST.1001 cannot read /etc/default/grub');
    });
    const failed = await new UpdateHostIommuStateHandler(channel).execute(commandFor('Disabled')).catch((err: unknown) => err);
    expect(calls[0].body).toEqual({ enabled: false });
    expect(failed).toBeInstanceOf(ApiError);
    expect((failed as ApiError).body).toMatchObject({ code: 'SYS.1006', details: expect.stringMatching(/^host h{32}: .*\/etc\/default\/grub/) });
  });
});
