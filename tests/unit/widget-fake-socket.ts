import type { ServerMessage } from '@booth/shared';

export type Frame = { type: string; id: string; [key: string]: unknown };

/** A WebSocket stand-in the test drives: open it, answer frames, drop it. */
export class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: Frame[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Frame);
  }

  close(): void {
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }

  push(message: ServerMessage): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  /** Answers the last frame of `type` with a result. */
  answer(type: string, result: unknown): Frame {
    const frame = this.sent.filter((f) => f.type === type).at(-1);
    if (!frame) throw new Error(`no ${type} frame sent`);
    this.push({ type: 'result', id: frame.id, result } as ServerMessage);
    return frame;
  }

  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

/** A Lit host that needs no DOM: controllers are driven by hand. */
export const fakeHost = {
  addController() {},
  removeController() {},
  requestUpdate() {},
  updateComplete: Promise.resolve(true),
};
