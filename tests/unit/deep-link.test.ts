import { readBoothParams, threadLinkOnPage, writeBoothParams } from '@booth/shared';
import { describe, expect, it } from 'vitest';
import { deepLinkedThread } from '../../widget/src/deep-link.js';
import { deepLinkMode } from '../../widget/src/host-url.js';

describe('deepLinkedThread', () => {
  it('reads the thread from the fragment emails link to, or from the query, with the older name too', () => {
    expect(deepLinkedThread('https://shop.example/p/boots#booth-thread=42')).toEqual({ threadId: '42', postId: null });
    expect(deepLinkedThread('https://shop.example/p/boots?booth-thread=8')).toEqual({ threadId: '8', postId: null });
    expect(deepLinkedThread('https://shop.example/p/boots?booth_thread=7')?.threadId).toBe('7');
    expect(deepLinkedThread('https://shop.example/?thread=3#booth-thread=9')?.threadId).toBe('9');
  });

  it('reads the linked post beside the thread', () => {
    expect(deepLinkedThread('https://shop.example/p#booth-thread=42&booth-post=51')).toEqual({
      threadId: '42',
      postId: '51',
    });
    expect(deepLinkedThread('https://shop.example/p?booth-thread=42&booth-post=x')?.postId).toBeNull();
  });

  it('ignores anything that is not a thread id', () => {
    expect(deepLinkedThread('https://shop.example/p/boots')).toBeNull();
    expect(deepLinkedThread('https://shop.example/#booth-thread=0')).toBeNull();
    expect(deepLinkedThread('https://shop.example/#booth-thread=1%3Cscript%3E')).toBeNull();
    expect(deepLinkedThread('https://shop.example/#booth-post=5')).toBeNull();
    expect(deepLinkedThread(undefined)).toBeNull();
  });
});

describe('readBoothParams', () => {
  it('reads only booth-* parameters, the fragment over the query', () => {
    const href = 'https://shop.example/p?size=9&booth-sort=votes&booth-thread=1#top&booth-thread=2';
    expect(readBoothParams(href)).toEqual({ 'booth-sort': 'votes', 'booth-thread': '2' });
  });

  it('takes the current name over the older one', () => {
    expect(readBoothParams('https://shop.example/?booth-thread=5&booth_thread=6')).toEqual({ 'booth-thread': '5' });
  });
});

describe('writeBoothParams', () => {
  it("keeps the page's own parameters and fragment byte for byte", () => {
    const href = 'https://shop.example/p?q=a+b&size=9%2F10#reviews';
    expect(writeBoothParams(href, { 'booth-thread': '42' }, 'hash')).toBe(
      'https://shop.example/p?q=a+b&size=9%2F10#reviews&booth-thread=42',
    );
    expect(writeBoothParams(href, { 'booth-thread': '42' }, 'query')).toBe(
      'https://shop.example/p?q=a+b&size=9%2F10&booth-thread=42#reviews',
    );
  });

  it('replaces a parameter wherever it was, older names included, and removes it with null', () => {
    const href = 'https://shop.example/p?booth_thread=7&x=1#booth-thread=8&booth-post=9';
    expect(writeBoothParams(href, { 'booth-thread': '42', 'booth-post': null }, 'query')).toBe(
      'https://shop.example/p?x=1&booth-thread=42',
    );
    expect(writeBoothParams('https://shop.example/p?booth-thread=4', { 'booth-thread': null }, 'query')).toBe(
      'https://shop.example/p',
    );
  });

  it('leaves the other booth parameters alone', () => {
    const href = 'https://shop.example/p#booth-sort=votes';
    expect(writeBoothParams(href, { 'booth-thread': '3' }, 'hash')).toBe(
      'https://shop.example/p#booth-sort=votes&booth-thread=3',
    );
  });
});

describe('threadLinkOnPage', () => {
  it('links a thread, and a post in it, with the fragment the widget reads', () => {
    expect(threadLinkOnPage('https://shop.example/p/boots', '42')).toBe('https://shop.example/p/boots#booth-thread=42');
    const link = threadLinkOnPage('https://shop.example/p/boots?c=red', '42', '50');
    expect(link).toBe('https://shop.example/p/boots?c=red#booth-thread=42&booth-post=50');
    expect(deepLinkedThread(link)).toEqual({ threadId: '42', postId: '50' });
  });
});

describe('deepLinkMode', () => {
  it('is hash unless the script tag says query or off', () => {
    expect(deepLinkMode('query')).toBe('query');
    expect(deepLinkMode('off')).toBe('off');
    expect(deepLinkMode(undefined)).toBe('hash');
    expect(deepLinkMode('fragment')).toBe('hash');
  });
});
