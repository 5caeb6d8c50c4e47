// Writes real Mojaloop log lines to stdout through @mojaloop/central-services-logger
// (the version central-ledger v19.14.0 pins), the way the services call it:
// the default logger and the ContextLogger, every level, with and without
// context, and multi-line errors. LOG_LEVEL=silly is set by the caller so every
// level is written. Used by test/alloy-pipeline.test.ts.
'use strict'
const Logger = require('@mojaloop/central-services-logger')
// With CSL_JSON_STRINGIFY_SPACING set (the logger's rc config), the context is
// pretty-printed over several lines: one record is enough to show it.
if (process.env.CSL_JSON_STRINGIFY_SPACING) {
  Logger.info('pretty context message', { transferId: 'b51ec534-ee48-4575-b6a9-ead2955b8069', amount: { currency: 'XXX', amount: '10' } })
  process.exit(0)
}
const { loggerFactory } = require('@mojaloop/central-services-logger/src/contextLogger')

const levels = ['error', 'warn', 'audit', 'trace', 'info', 'perf', 'verbose', 'debug', 'silly']
for (const level of levels) {
  // Plain message, no context metadata: no " -\t{...}" suffix.
  Logger[level](`plain ${level} message`)
  // Message with context metadata, as the handlers log a transfer.
  Logger[level](`context ${level} message`, { transferId: 'b51ec534-ee48-4575-b6a9-ead2955b8069', context: 'CL' })
}
const log = loggerFactory({ component: 'transfer-prepare' })
log.info('context logger message', { transferId: 'b51ec534-ee48-4575-b6a9-ead2955b8069' })
// An Error passed as metadata: its stack goes into the JSON context (one line).
const err = new Error('prepare failed: duplicate transfer')
log.error('error with stack in context', err)
// An Error's stack as the message: several physical lines, only the first carries the timestamp.
Logger.error(err.stack)
Logger.info('last line')
