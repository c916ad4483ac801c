import check from '../../checks/cloudtrail-logs-encrypted.js';
import { accountRegionTable } from '../support/account-region-table.js';
import { deniedFact, trail, withTrails } from '../support/trail-fixtures.js';

accountRegionTable(check, {
  PASSED: [{ name: 'the logging trail uses a KMS key', inventory: withTrails([trail()]), reason: /encrypts them with arn:aws:kms/ }],
  FAILED: [
    { name: 'SSE-S3 only (no KmsKeyId)', inventory: withTrails([trail((t) => delete t.kmsKeyId)]) },
    { name: 'no trail', inventory: withTrails([]) },
  ],
  NOT_APPLICABLE: [{ name: 'no MSK cluster in the region', inventory: withTrails([trail()], 0) }],
  NOT_AVAILABLE: [
    { name: 'event selectors unreadable', inventory: withTrails([trail((t) => (t.managementEvents = deniedFact('GetEventSelectors')))]) },
    { name: 'trails not collected', inventory: withTrails('absent') },
  ],
});
