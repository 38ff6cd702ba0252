import { describeError, RequestError } from '@booth/shared/client';
import { describe, expect, it } from 'vitest';

describe('widget request errors', () => {
  it('shows the server message of a refused write', () => {
    expect(describeError(new RequestError({ code: 'thread_locked', message: 'This thread is locked.' }))).toBe(
      'This thread is locked.',
    );
  });

  it('adds the retry time to rate_limited, rounded up to whole seconds', () => {
    const error = new RequestError({
      code: 'rate_limited',
      message: 'You are doing that too often.',
      retryAfterMs: 4200,
    });
    expect(describeError(error)).toBe('You are doing that too often. Try again in 5 s.');
  });

  it('falls back to the catalogue message', () => {
    expect(new RequestError({ code: 'forbidden', message: '' }).message).toBe('You are not allowed to do that.');
    expect(describeError(new Error('boom'))).toBe('Something went wrong. Please try again.');
  });
});
