/**
 * Preloaded into Waline's server by the peer benchmark, which runs without the internet. Waline
 * asks its OAuth service (OAUTH_URL, https://oauth.lithub.cc by default) for the list of login
 * providers on every request; here that one URL is answered in-process with an empty list, which
 * is what a site without social login gets, and costs Waline less than the real round trip.
 * Every other request goes out as it would.
 */
const oauthUrl = process.env.OAUTH_URL;
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (oauthUrl && url === oauthUrl) {
    return Promise.resolve(
      new Response('{"services":[]}', { status: 200, headers: { 'content-type': 'application/json' } }),
    );
  }
  return realFetch(input, init);
};
