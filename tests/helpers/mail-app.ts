import { SmtpSink } from './smtp-sink.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

/**
 * An app whose email goes over SMTP to a sink in this process, on the clock `now`; `mail`
 * replaces single mail-queue options.
 */
export async function startMailApp(
  now: () => Date,
  mail: TestAppOptions['mail'] = {},
): Promise<{ t: TestApp; sink: SmtpSink }> {
  const sink = await SmtpSink.start();
  const t = await startTestApp({
    live: { now },
    webhooks: { enabled: false },
    mail: { pollingIntervalSeconds: 0.5, dueCron: null, retryDelaySeconds: 1, ...mail },
    env: { SMTP_URL: sink.url, PUBLIC_URL: 'http://booth.test' },
  });
  return { t, sink };
}
