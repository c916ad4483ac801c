import check from '../../checks/cloudtrail-region-covered.js';
import { accountRegionTable } from '../support/account-region-table.js';
import { deniedFact, trail, withTrails } from '../support/trail-fixtures.js';
import { available } from '../../src/inventory/index.js';

accountRegionTable(check, {
  PASSED: [
    { name: 'an organization trail records all management events', inventory: withTrails([trail()]) },
    { name: 'a regional trail recording write events only', inventory: withTrails([trail((t) => ((t.multiRegion = false), (t.managementEvents = available('write-only'))))]) },
    { name: 'one good trail among others that record nothing', inventory: withTrails([trail((t) => ((t.arn = 'a'), (t.managementEvents = available('none')))), trail()]) },
  ],
  FAILED: [
    { name: 'no trail at all', inventory: withTrails([]), reason: /No trail records MSK management write events/ },
    { name: 'only a read-only trail', inventory: withTrails([trail((t) => (t.managementEvents = available('read-only')))]) },
    { name: 'a trail that excludes MSK events', inventory: withTrails([trail((t) => (t.managementEvents = available('none')))]) },
  ],
  NOT_APPLICABLE: [{ name: 'no MSK cluster in the region', inventory: withTrails([], 0) }],
  NOT_AVAILABLE: [
    { name: 'the trails could not be listed', inventory: withTrails('denied'), reason: /could not be listed/ },
    { name: 'trails were not collected', inventory: withTrails('absent') },
    { name: 'the only trail’s event selectors are unreadable', inventory: withTrails([trail((t) => (t.managementEvents = deniedFact('GetEventSelectors')))]) },
  ],
});
