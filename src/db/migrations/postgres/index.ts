import * as migration_20261129_213652_initial from './20261129_213652_initial';
import * as migration_20261130_132704_tenancy from './20261130_132704_tenancy';
import * as migration_20261130_141103_records from './20261130_141103_records';
import * as migration_20261130_143433_integrations from './20261130_143433_integrations';
import * as migration_20261130_144007_idempotency_keys from './20261130_144007_idempotency_keys';
import * as migration_20261130_154650_record_search from './20261130_154650_record_search';
import * as migration_20261130_163036_record_type_migrations from './20261130_163036_record_type_migrations';
import * as migration_20261130_164806_records_default_order from './20261130_164806_records_default_order';
import * as migration_20261130_181739_workflows from './20261130_181739_workflows';
import * as migration_20261130_191354_templates from './20261130_191354_templates';
import * as migration_20261130_195327_portal_pages from './20261130_195327_portal_pages';
import * as migration_20261130_195756_portal_status_summary from './20261130_195756_portal_status_summary';
import * as migration_20261130_205803_portal_record_blocks from './20261130_205803_portal_record_blocks';
import * as migration_20261130_213144_portal_request_blocks from './20261130_213144_portal_request_blocks';
import * as migration_20261201_005319_notifications from './20261201_005319_notifications';
import * as migration_20261201_010537_drop_login_lock from './20261201_010537_drop_login_lock';
import * as migration_20261201_025639_sign_in_log from './20261201_025639_sign_in_log';
import * as migration_20261201_042921_sign_in from './20261201_042921_sign_in';
import * as migration_20261201_064717_search_by_tenant from './20261201_064717_search_by_tenant';
import * as migration_20261201_114532_search_by_tenant_alone from './20261201_114532_search_by_tenant_alone';
import * as migration_20261202_010307_newest_first_by_id from './20261202_010307_newest_first_by_id';
import * as migration_20261202_133704_search_numbers from './20261202_133704_search_numbers';
import * as migration_20261202_145932_words_outside_markup from './20261202_145932_words_outside_markup';

export const migrations = [
  {
    up: migration_20261129_213652_initial.up,
    down: migration_20261129_213652_initial.down,
    name: '20261129_213652_initial',
  },
  {
    up: migration_20261130_132704_tenancy.up,
    down: migration_20261130_132704_tenancy.down,
    name: '20261130_132704_tenancy',
  },
  {
    up: migration_20261130_141103_records.up,
    down: migration_20261130_141103_records.down,
    name: '20261130_141103_records',
  },
  {
    up: migration_20261130_143433_integrations.up,
    down: migration_20261130_143433_integrations.down,
    name: '20261130_143433_integrations',
  },
  {
    up: migration_20261130_144007_idempotency_keys.up,
    down: migration_20261130_144007_idempotency_keys.down,
    name: '20261130_144007_idempotency_keys',
  },
  {
    up: migration_20261130_154650_record_search.up,
    down: migration_20261130_154650_record_search.down,
    name: '20261130_154650_record_search',
  },
  {
    up: migration_20261130_163036_record_type_migrations.up,
    down: migration_20261130_163036_record_type_migrations.down,
    name: '20261130_163036_record_type_migrations',
  },
  {
    up: migration_20261130_164806_records_default_order.up,
    down: migration_20261130_164806_records_default_order.down,
    name: '20261130_164806_records_default_order',
  },
  {
    up: migration_20261130_181739_workflows.up,
    down: migration_20261130_181739_workflows.down,
    name: '20261130_181739_workflows',
  },
  {
    up: migration_20261130_191354_templates.up,
    down: migration_20261130_191354_templates.down,
    name: '20261130_191354_templates',
  },
  {
    up: migration_20261130_195327_portal_pages.up,
    down: migration_20261130_195327_portal_pages.down,
    name: '20261130_195327_portal_pages',
  },
  {
    up: migration_20261130_195756_portal_status_summary.up,
    down: migration_20261130_195756_portal_status_summary.down,
    name: '20261130_195756_portal_status_summary',
  },
  {
    up: migration_20261130_205803_portal_record_blocks.up,
    down: migration_20261130_205803_portal_record_blocks.down,
    name: '20261130_205803_portal_record_blocks',
  },
  {
    up: migration_20261130_213144_portal_request_blocks.up,
    down: migration_20261130_213144_portal_request_blocks.down,
    name: '20261130_213144_portal_request_blocks',
  },
  {
    up: migration_20261201_005319_notifications.up,
    down: migration_20261201_005319_notifications.down,
    name: '20261201_005319_notifications',
  },
  {
    up: migration_20261201_010537_drop_login_lock.up,
    down: migration_20261201_010537_drop_login_lock.down,
    name: '20261201_010537_drop_login_lock',
  },
  {
    up: migration_20261201_025639_sign_in_log.up,
    down: migration_20261201_025639_sign_in_log.down,
    name: '20261201_025639_sign_in_log',
  },
  {
    up: migration_20261201_042921_sign_in.up,
    down: migration_20261201_042921_sign_in.down,
    name: '20261201_042921_sign_in',
  },
  {
    up: migration_20261201_064717_search_by_tenant.up,
    down: migration_20261201_064717_search_by_tenant.down,
    name: '20261201_064717_search_by_tenant',
  },
  {
    up: migration_20261201_114532_search_by_tenant_alone.up,
    down: migration_20261201_114532_search_by_tenant_alone.down,
    name: '20261201_114532_search_by_tenant_alone',
  },
  {
    up: migration_20261202_010307_newest_first_by_id.up,
    down: migration_20261202_010307_newest_first_by_id.down,
    name: '20261202_010307_newest_first_by_id',
  },
  {
    up: migration_20261202_133704_search_numbers.up,
    down: migration_20261202_133704_search_numbers.down,
    name: '20261202_133704_search_numbers',
  },
  {
    up: migration_20261202_145932_words_outside_markup.up,
    down: migration_20261202_145932_words_outside_markup.down,
    name: '20261202_145932_words_outside_markup'
  },
];
