// The IAM actions of the scanner's role, straight from src/aws/permissions.ts (the list every scan is held
// to): serverless.yml reads them with ${file(./deploy/iam-actions.cjs):NAME}, so the deployed role can never
// drift from what the scan calls. test/deploy/package.test.ts checks the generated policy against the same list.
'use strict';

const path = require('node:path');
// tsx (a dependency of msk-audit) loads the TypeScript source directly.
const { require: tsxRequire } = require('tsx/cjs/api');

const permissions = tsxRequire(path.join(__dirname, '..', 'src', 'aws', 'permissions.ts'), __filename);

const scanner = [...permissions.SCANNER_ACTIONS];

module.exports = {
  /** MEMBER_READ_ACTIONS: the read-only scan, also of the scanner's own account. */
  memberRead: [...permissions.MEMBER_READ_ACTIONS],
  /** SCANNER_ACTIONS but sts:AssumeRole (granted on the member role only): the organization reads. */
  organizationRead: scanner.filter((action) => action !== 'sts:AssumeRole'),
  /** SCANNER_ACTIONS' sts:AssumeRole, asserted present. */
  assumeRole: scanner.filter((action) => action === 'sts:AssumeRole'),
};

if (module.exports.assumeRole.length !== 1) throw new Error('src/aws/permissions.ts: SCANNER_ACTIONS no longer lists sts:AssumeRole');
if (module.exports.organizationRead.some((action) => !action.startsWith('organizations:'))) {
  throw new Error(`src/aws/permissions.ts: SCANNER_ACTIONS has actions serverless.yml does not scope: ${module.exports.organizationRead.join(', ')}`);
}
