import { createTranslator } from '@booth/shared';
import { describeError, RequestError } from '@booth/shared/client';
import { describe, expect, it } from 'vitest';

describe('widget request errors', () => {
  const english = createTranslator('en', {
    'error.forbidden': 'You may not do that.',
    'error.internal': 'Something broke.',
    'error.retry_in': 'Try again in {count} s.',
  });

  it('shows the server message of a refused write', () => {
    expect(describeError(new RequestError({ code: 'thread_locked', message: 'This thread is locked.' }), english)).toBe(
      'This thread is locked.',
    );
  });

  it('adds the retry time to rate_limited, rounded up to whole seconds', () => {
    const error = new RequestError({
      code: 'rate_limited',
      message: 'You are doing that too often.',
      retryAfterMs: 4200,
    });
    expect(describeError(error, english)).toBe('You are doing that too often. Try again in 5 s.');
  });

  it('words the code from the catalog when the server gave no words, or the error is not the server’s', () => {
    const silent = new RequestError({ code: 'forbidden', message: '' });
    expect(silent.message).toBe('');
    expect(describeError(silent, english)).toBe('You may not do that.');
    expect(describeError(new Error('boom'), english)).toBe('Something broke.');
  });

  it('words the error code in the translator’s language, not the server’s English', () => {
    const german = createTranslator('de', {
      'error.thread_locked': 'Dieses Thema ist gesperrt.',
      'error.rate_limited': 'Das war zu oft.',
      'error.internal': 'Etwas ist schiefgelaufen.',
      'error.retry_in': 'Versuch es in {count} s noch einmal.',
    });
    const locked = new RequestError({ code: 'thread_locked', message: 'This thread is locked.' });
    expect(describeError(locked, german)).toBe('Dieses Thema ist gesperrt.');
    const limited = new RequestError({ code: 'rate_limited', message: 'Too often.', retryAfterMs: 1200 });
    expect(describeError(limited, german)).toBe('Das war zu oft. Versuch es in 2 s noch einmal.');
    expect(describeError(new Error('boom'), german)).toBe('Etwas ist schiefgelaufen.');
    // English keeps the server's own words, which may name the field.
    expect(describeError(new RequestError({ code: 'invalid_message', message: 'title: too long' }), english)).toBe(
      'title: too long',
    );
  });
});
