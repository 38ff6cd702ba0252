/**
 * The widget's files as the server serves them: `embed.js`, the classic script brands paste,
 * names the hashed ES module it imports (see widget/classic-loader.ts).
 */
export async function widgetModulePath(baseUrl: string): Promise<string> {
  const loader = await (await fetch(`${baseUrl}/embed.js`)).text();
  const name = /["'`]\.\/(widget-[\w-]+\.js)["'`]/.exec(loader)?.[1];
  if (!name) throw new Error('embed.js names no widget module');
  return `/${name}`;
}
