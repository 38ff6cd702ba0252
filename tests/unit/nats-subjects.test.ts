import { describe, expect, it } from 'vitest';
import { natsSubjects } from '../../server/src/fanout/nats-subjects.js';

describe('natsSubjects', () => {
  it('names one subject per site and board under the schema, all caught by the stream', () => {
    const subjects = natsSubjects('t_abc');
    expect(subjects.wake('12', '345')).toBe('booth.t_abc.wake.12.345');
    expect(subjects.wakeAll).toBe('booth.t_abc.wake.>');
    expect(subjects.signals).toBe('booth.t_abc.signals');
    expect(subjects.stream).toBe('BOOTH_WAKE_t_abc');
  });

  it('names a schema that is no plain subject token by a digest, so it never adds tokens or wildcards', () => {
    for (const schema of ['a.b', 'a*', 'a>', 'with space', 'x'.repeat(49)]) {
      const subjects = natsSubjects(schema);
      expect(subjects.signals).toMatch(/^booth\.[0-9a-f]{32}\.signals$/);
      expect(subjects.stream).toMatch(/^BOOTH_WAKE_[0-9a-f]{32}$/);
    }
    expect(natsSubjects('a.b').signals).not.toBe(natsSubjects('a*').signals);
  });
});
