import check from '../../checks/cloudtrail-log-file-validation.js';
import { accountRegionTable } from '../support/account-region-table.js';
import { deniedFact, trail, withTrails } from '../support/trail-fixtures.js';
import { available } from '../../src/inventory/index.js';

accountRegionTable(check, {
  PASSED: [{ name: 'the logging organization trail validates its files', inventory: withTrails([trail()]) }],
  FAILED: [
    { name: 'validation is off', inventory: withTrails([trail((t) => (t.logFileValidation = false))]) },
    { name: 'the validating trail is stopped', inventory: withTrails([trail((t) => (t.logging = available(false)))]) },
    { name: 'no trail', inventory: withTrails([]) },
  ],
  NOT_APPLICABLE: [{ name: 'no MSK cluster in the region', inventory: withTrails([], 0) }],
  NOT_AVAILABLE: [
    { name: 'DescribeTrails omitted the validation flag', inventory: withTrails([trail((t) => delete t.logFileValidation)]) },
    { name: 'the logging status is unknown', inventory: withTrails([trail((t) => (t.logging = deniedFact('GetTrailStatus')))]) },
  ],
});
