// esbuild plugins for the Lambda bundle (serverless.yml custom.esbuild.plugins).
//
// msk-audit finds its package root by walking up from the running module to the package.json named
// "msk-audit" (src/package-info.ts): the tool's name and version in every report, and templates/ in that root
// for the HTML report. serverless-esbuild leaves the root package.json out of the zip, so the bundle's own
// directory becomes the package root: this writes a minimal package.json there — name, version and "type"
// from the real one — and copies templates/ beside it (src/package.json and src/templates/ in the zip).
'use strict';

const { cpSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const packageMarker = {
  name: 'msk-audit-package-marker',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const outdir = build.initialOptions.outdir ?? path.dirname(build.initialOptions.outfile);
      const root = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
      const marker = { name: root.name, version: root.version, private: true, type: root.type, description: 'written by deploy/esbuild-plugins.cjs' };
      writeFileSync(path.join(outdir, 'package.json'), `${JSON.stringify(marker, null, 2)}\n`);
      rmSync(path.join(outdir, 'templates'), { recursive: true, force: true });
      cpSync(path.join(__dirname, '..', 'templates'), path.join(outdir, 'templates'), { recursive: true });
    });
  },
};

module.exports = [packageMarker];
