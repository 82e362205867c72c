import { fuzzArgs } from '../helpers/args-fuzzer';
import { memoryLogger } from '../helpers/server';
import { cleanupAfterEach, world } from '../helpers/setup';

cleanupAfterEach();

// the reliability suite runs the same fuzzer over 24,000 frames (spec/reliability/input/fuzz-args.spec.ts)
describe('fuzzed command arguments', () => {
  it('never answer Internal, and what the server accepts reads back as sent', async () => {
    const logger = memoryLogger();
    const { server } = await world({ logger, framesPerSecond: 0, identityRequestsPerSecond: 0 });
    const tally = await fuzzArgs(server, ['fz-1', 'fz-2'], 1500, 12);
    expect(tally.frames).toBe(1500);
    expect(tally.errorsByCode[50000]).toBeUndefined();
    expect(tally.messagesAccepted).toBeGreaterThan(20);
    expect(logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
  }, 120_000);
});
