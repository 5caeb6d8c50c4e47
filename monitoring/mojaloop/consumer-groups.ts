// Kafka consumer groups of the handlers, as their upstream config/default.json
// names them (KAFKA.CONSUMER.<...>.config.rdkafkaConf["group.id"]).
// Handlers with none (the timeout handlers) run on a timer.
export const CONSUMER_GROUPS: Readonly<Record<string, readonly string[]>> = {
  'ml-api-adapter-handler-notification': ['ml-group-notification-event'],
  'centralledger-handler-transfer-prepare': ['cl-group-transfer-prepare'],
  'centralledger-handler-transfer-position': ['cl-group-transfer-position'],
  'centralledger-handler-transfer-position-batch': ['cl-group-transfer-position-batch'],
  'centralledger-handler-transfer-fulfil': ['cl-group-transfer-fulfil'],
  'centralledger-handler-transfer-get': ['cl-group-transfer-get'],
  'centralledger-handler-admin-transfer': ['cl-group-transfer-admin'],
  'quoting-service-handler': ['group-quotes-handler-post', 'group-quotes-handler-put', 'group-quotes-handler-get'],
  'centralsettlement-handler-deferredsettlement': ['cs-group-deferredsettlement-close'],
  // gross settlement and the rules handler share the notification group upstream.
  'centralsettlement-handler-grosssettlement': ['cs-group-notification-event'],
  'centralsettlement-handler-rules': ['cs-group-notification-event'],
  'bulk-api-adapter-handler-notification': ['bulk-group-notification-event'],
  'cl-handler-bulk-transfer-prepare': ['cl-group-bulk-prepare'],
  'cl-handler-bulk-transfer-fulfil': ['cl-group-bulk-fulfil'],
  'cl-handler-bulk-transfer-processing': ['cl-group-bulk-processing'],
  'cl-handler-bulk-transfer-get': ['cl-group-bulk-get'],
};

/** A catalog service is a handler when it consumes Kafka or runs a timer (upstream naming: "-handler-"). */
export const isHandler = (service: string): boolean => /(^|-)handler(-|$)/.test(service);
