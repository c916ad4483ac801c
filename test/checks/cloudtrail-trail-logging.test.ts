import check from '../../checks/cloudtrail-trail-logging.js';
import { accountRegionTable } from '../support/account-region-table.js';
import { deniedFact, trail, withTrails } from '../support/trail-fixtures.js';
import { available } from '../../src/inventory/index.js';

accountRegionTable(check, {
  PASSED: [
    { name: 'the organization trail is logging', inventory: withTrails([trail()]) },
    { name: 'a stopped trail and a logging one', inventory: withTrails([trail((t) => ((t.arn = 'stopped'), (t.logging = available(false)))), trail()]) },
  ],
  FAILED: [
    { name: 'the only trail is stopped', inventory: withTrails([trail((t) => (t.logging = available(false)))]), reason: /is logging/ },
    { name: 'the logging trail records no management events', inventory: withTrails([trail((t) => (t.managementEvents = available('none')))]) },
    { name: 'no trail', inventory: withTrails([]) },
  ],
  NOT_APPLICABLE: [{ name: 'no MSK cluster in the region', inventory: withTrails([trail()], 0) }],
  NOT_AVAILABLE: [
    { name: 'the trail status is unreadable', inventory: withTrails([trail((t) => (t.logging = deniedFact('GetTrailStatus')))]), reason: /could not be fully read/ },
    { name: 'the trails could not be listed', inventory: withTrails('denied') },
  ],
});
