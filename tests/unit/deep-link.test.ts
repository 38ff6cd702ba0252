import { describe, expect, it } from 'vitest';
import { deepLinkedThread } from '../../widget/src/deep-link.js';

const at = (url: string) => new URL(url);

describe('deepLinkedThread', () => {
  it('reads the thread from the fragment emails link to, or from the query', () => {
    expect(deepLinkedThread(at('https://shop.example/p/boots#booth-thread=42'))).toBe('42');
    expect(deepLinkedThread(at('https://shop.example/p/boots?booth_thread=7'))).toBe('7');
    expect(deepLinkedThread(at('https://shop.example/?thread=3#booth-thread=9'))).toBe('9');
  });

  it('ignores anything that is not a thread id', () => {
    expect(deepLinkedThread(at('https://shop.example/p/boots'))).toBeNull();
    expect(deepLinkedThread(at('https://shop.example/#booth-thread=0'))).toBeNull();
    expect(deepLinkedThread(at('https://shop.example/#booth-thread=1%3Cscript%3E'))).toBeNull();
    expect(deepLinkedThread(undefined)).toBeNull();
  });
});
