// Builds ../../dashboard/vendor/plotly-<version>-dashboard.min.js: plotly.js core plus the bar
// and choropleth traces (scatter is always in core). The esbuild settings follow plotly.js's own
// esbuild-config.js, without the WebGL shader plugin that these traces do not need.
'use strict';
const path = require('path');
const esbuild = require('esbuild');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const { environmentPlugin } = require('esbuild-plugin-environment');
const { version } = require('plotly.js/package.json');

const outfile = path.join(__dirname, '..', '..', 'dashboard', 'vendor', `plotly-${version}-dashboard.min.js`);
esbuild
    .build({
        entryPoints: [path.join(__dirname, 'entry.js')],
        outfile,
        format: 'iife',
        globalName: 'Plotly',
        bundle: true,
        minify: true,
        plugins: [InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
        alias: { stream: 'stream-browserify' },
        define: { global: 'window', 'define.amd': 'false' },
        target: 'es2016',
        banner: { js: `/* plotly.js v${version} (MIT licence, Plotly, Inc.): core, bar, choropleth */` },
        legalComments: 'eof',
        logLevel: 'info',
    })
    .catch(() => process.exit(1));
