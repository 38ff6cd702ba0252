import type { Plugin, Rolldown } from 'vite';

type OutputChunk = Rolldown.OutputChunk;

export interface ClassicLoaderOptions {
  /** The entry that brand pages load with a plain `<script>` tag. */
  loader: string;
  /** The entry holding the widget, which the loader imports. */
  module: string;
}

/** The string in the loader's source that stands for the widget module's file name. */
const PLACEHOLDER = '__BOOTH_WIDGET_MODULE__';

/**
 * Turns the `loader` entry of an ES build into a classic script: it must import nothing
 * statically and export nothing, its code is wrapped in a function so its names stay off the
 * page's globals, and the widget module's hashed file name replaces PLACEHOLDER.
 */
export function classicLoader(options: ClassicLoaderOptions): Plugin {
  return {
    name: 'booth:classic-loader',
    apply: 'build',
    generateBundle(_output, bundle) {
      const chunks = Object.values(bundle).filter((file): file is OutputChunk => file.type === 'chunk');
      const loader = chunks.find((chunk) => chunk.isEntry && chunk.name === options.loader);
      const widget = chunks.find((chunk) => chunk.isEntry && chunk.name === options.module);
      if (!loader || !widget) return this.error(`missing entry ${options.loader} or ${options.module}`);
      if (loader.imports.length > 0 || loader.dynamicImports.length > 0 || loader.exports.length > 0) {
        this.error(`${loader.fileName} must stay a classic script: it imports or exports modules`);
      }
      if (loader.code.split(PLACEHOLDER).length !== 2) this.error(`expected ${PLACEHOLDER} once in ${loader.fileName}`);
      // The wrapper takes lines of its own, so the source map only moves down one line.
      const [body = '', mapComment = ''] = loader.code.split(/^(?=\/\/# sourceMappingURL=)/m);
      const code = body.replace(PLACEHOLDER, `./${widget.fileName}`).trim();
      loader.code = `(()=>{"use strict";\n${code}\n})();\n${mapComment}`;
      const map = bundle[`${loader.fileName}.map`];
      if (map?.type === 'asset' && typeof map.source === 'string') {
        const json = JSON.parse(map.source) as { mappings: string };
        map.source = JSON.stringify({ ...json, mappings: `;${json.mappings}` });
      }
    },
  };
}
