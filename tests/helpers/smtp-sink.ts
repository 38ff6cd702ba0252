/**
 * A real SMTP server in the test process (the `smtp-server` package) that keeps every message
 * Booth sends, parsed by mailparser, so tests assert on what a mailbox would receive.
 */
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** Envelope recipients, as the SMTP conversation named them. */
  rcptTo: string[];
  mailFrom: string;
  parsed: ParsedMail;
  /** Every `To` address, lower-cased. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** A header's value as written, folded lines joined. */
  header(name: string): string | undefined;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}

export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private waiters: Array<() => void> = [];
  /** Answer the next messages to these recipients with a permanent failure. */
  readonly reject = new Set<string>();
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<SmtpSink> {
    let sink: SmtpSink | null = null;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 10 * 1024 * 1024,
      onRcptTo(address, _session, callback) {
        if (sink?.reject.has(address.address.toLowerCase())) {
          const error = new Error('mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            sink?.add({
              rcptTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              parsed,
              to: addresses(parsed.to),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              // The header as written (mailparser turns some, such as List-*, into objects).
              header: (name) => {
                const line = parsed.headerLines.find((h) => h.key === name.toLowerCase());
                return line?.line
                  .slice(line.line.indexOf(':') + 1)
                  .replace(/\r?\n\s+/g, ' ')
                  .trim();
              },
            });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    sink = new SmtpSink(server, port);
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  private add(mail: ReceivedMail): void {
    this.received.push(mail);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Messages to one recipient. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.rcptTo.includes(address.toLowerCase()));
  }

  /** Waits until `count` messages reached `address` (no time limit of its own: the test's applies). */
  async waitFor(address: string, count = 1): Promise<ReceivedMail[]> {
    while (this.to(address).length < count) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.to(address);
  }

  /** Waits until `count` messages that match `wanted` reached `address`, whatever else arrives meanwhile. */
  async waitForMatching(address: string, wanted: (mail: ReceivedMail) => boolean, count = 1): Promise<ReceivedMail[]> {
    while (this.to(address).filter(wanted).length < count) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.to(address).filter(wanted);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The links of an email's text part, in order. */
export function linksOf(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]);
}
