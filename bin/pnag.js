#!/usr/bin/env node
// The `pnag` command: the bundled CLI built by `npm ci` (prepare) or `npm run build`.
require('../dist/cli.js');
