// Kafka consumer groups of the handlers, as their upstream config/default.json
// names them (KAFKA.CONSUMER.<...>.config.rdkafkaConf["group.id"]), or as our
// override renames them (charts/mojaloop/config.ts RENAMED_CONSUMER_GROUPS).
// Handlers with none (the timeout handlers) run on a timer.
export const CONSUMER_GROUPS: Readonly<Record<string, readonly string[]>> = {
  'ml-api-adapter-handler-notification': ['ml-group-notification-event'],
  'centralledger-handler-transfer-prepare': ['cl-group-transfer-prepare'],
  'centralledger-handler-transfer-position': ['cl-group-transfer-position'],
  'centralledger-handler-transfer-position-batch': ['cl-group-transfer-position-batch'],
  'centralledger-handler-transfer-fulfil': ['cl-group-transfer-fulfil'],
  'centralledger-handler-transfer-get': ['cl-group-transfer-get'],
  'centralledger-handler-admin-transfer': ['cl-group-transfer-admin'],
  // quoting-service v17.14.5 config/default.json: quotes, bulk quotes and FX quotes, each post/put/get.
  'quoting-service-handler': ['quotes', 'bulk-quotes', 'fx-quotes'].flatMap((q) => ['post', 'put', 'get'].map((a) => `group-${q}-handler-${a}`)),
  'centralsettlement-handler-deferredsettlement': ['cs-group-deferredsettlement-close'],
  // Each its own group, as mojaloop/helm names them: both consume every commit event.
  'centralsettlement-handler-grosssettlement': ['cs-group-centralsettlement-handler-grosssettlement-notification-event'],
  'centralsettlement-handler-rules': ['cs-group-centralsettlement-handler-rules-notification-event'],
  'bulk-api-adapter-handler-notification': ['bulk-group-notification-event'],
  'cl-handler-bulk-transfer-prepare': ['cl-group-bulk-prepare'],
  'cl-handler-bulk-transfer-fulfil': ['cl-group-bulk-fulfil'],
  'cl-handler-bulk-transfer-processing': ['cl-group-bulk-processing'],
  'cl-handler-bulk-transfer-get': ['cl-group-bulk-get'],
};

/** A catalog service is a handler when it consumes Kafka or runs a timer (upstream naming: "-handler-"). */
export const isHandler = (service: string): boolean => /(^|-)handler(-|$)/.test(service);
