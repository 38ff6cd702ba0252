import { jsonLdText, threadStructuredData } from '@booth/shared';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ThreadState } from './state/thread-store.js';

/**
 * Keeps schema.org JSON-LD of the open thread (QAPage or DiscussionForumPosting) in the page, so
 * search engines that render the brand page read the question and its answers. The data block
 * is a child of the element itself (outside its shadow root): nothing else of the host page is
 * touched, and as a data block it runs under any Content-Security-Policy.
 */
export class StructuredDataController implements ReactiveController {
  private script: HTMLScriptElement | null = null;
  private shown = '';

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly openThread: () => ThreadState | null,
    /** The address of the thread, or of one of its posts, on this page. */
    private readonly link: (threadId: string, postId: string | null) => string,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const open = this.openThread();
    if (!open || open.removed || open.thread.status === 'hidden') {
      this.clear();
      return;
    }
    const id = open.thread.id;
    const text = jsonLdText(
      threadStructuredData(open.thread, open.posts, this.link(id, null), (postId) => this.link(id, postId)),
    );
    if (text === this.shown) return;
    if (!this.script) {
      this.script = document.createElement('script');
      this.script.type = 'application/ld+json';
      this.script.dataset.booth = 'thread';
      this.host.append(this.script);
    }
    this.script.textContent = text;
    this.shown = text;
  }

  hostDisconnected(): void {
    this.clear();
  }

  private clear(): void {
    this.script?.remove();
    this.script = null;
    this.shown = '';
  }
}
