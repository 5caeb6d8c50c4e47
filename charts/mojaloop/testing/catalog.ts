// The test equipment of dev and test, as data: what mojaloop/helm v17.3.0 runs to
// prove a deployment (its .changelog/release-v17.3.0.md "Application Versions" and
// "Testing notes"), with the facts each image decides. Images: docker.io/<repo>:<tag>.
//
// Simulated DFSPs: helm v17.3.0 proves itself with the golden-path collection
// against mojaloop-simulator instances ("Mojaloop-Simulator is enabled by default",
// release-v17.3.0.md testing note 4); testing-toolkit-test-cases v17.3.0
// environments/hub.json addresses them as sim-<fsp>-scheme-adapter:4000 (the FSPIOP
// callbacks) and sim-<fsp>-backend:3003 (the test API the collection seeds parties
// through). Each is a mojaloop-simulator backend behind an sdk-scheme-adapter with a
// Redis cache, as helm's mojaloop-simulator chart and the simulator's own
// docker-compose-sim.yml pair them. The Toolkit itself is the third party of the
// golden path: it sends as "testingtoolkitdfsp" (hub.json fromFspId/payerfsp).
//
// Where the facts were read: versions from mojaloop/helm .changelog/release-v17.3.0.md
// (helm's chart values at the v17.3.0 tag could not be read here: the repository is
// larger than the mirror allows and the file index holds older versions only);
// Dockerfiles, ports and config keys from each repository at the tag, except
// ml-testing-toolkit (read at v18.19.1) and sdk-scheme-adapter (read at v24.19.4),
// whose pinned patch tags the mirror did not have yet.

export const TESTING_IMAGES = {
  /** release-v17.3.0.md: ml-testing-toolkit v18.19.2. */
  toolkit: 'docker.io/mojaloop/ml-testing-toolkit:v18.19.2',
  /** release-v17.3.0.md: ml-testing-toolkit-client-lib v1.12.3, the image of helm's ml-testing-toolkit-cli chart (ml-ttk-posthook-tests). */
  cli: 'docker.io/mojaloop/ml-testing-toolkit-client-lib:v1.12.3',
  /** release-v17.3.0.md: mojaloop-simulator v15.5.4. */
  simulator: 'docker.io/mojaloop/mojaloop-simulator:v15.5.4',
  /** release-v17.3.0.md: sdk-scheme-adapter v24.19.6. */
  schemeAdapter: 'docker.io/mojaloop/sdk-scheme-adapter:v24.19.6',
  /** The simulators' cache: helm mojaloop-simulator/values.yaml defaults.config.cache.image (redis:5.0.4-alpine); mojaloop-simulator docker-compose-sim.yml the same. */
  cache: 'docker.io/library/redis:5.0.4-alpine',
} as const;

/**
 * Every one of these images is node:<version>-alpine with `adduser -D <user>` after the
 * image's own `node` user (1000), so the user is 1001 (Dockerfiles at the tags:
 * ml-testing-toolkit ml-user, client-lib app-user, mojaloop-simulator app-user,
 * sdk-scheme-adapter ml-user). The Redis image's `redis` user is 999 (docker-library
 * redis 5.0 alpine Dockerfile: addgroup -S -g 1000 redis; adduser -S -G redis -u 999 redis).
 */
export const NODE_APP_UID = 1001;
export const REDIS_UID = 999;
export const REDIS_GID = 1000;

/** ml-testing-toolkit: FSPIOP API on 4040 (spec_files/system_config.json API_PORT), admin API and the CLI's socket on 5050 (src/index.js apiServer.startServer(5050)). */
export const TOOLKIT_PORTS = { fspiop: 4040, admin: 5050 } as const;
/** The FSPIOP id the Toolkit sends and receives as (spec_files/user_config.json FSPID; hub.json fromFspId). */
export const TOOLKIT_FSP_ID = 'testingtoolkitdfsp';
export const TOOLKIT_NAME = 'ttk-backend';

/** mojaloop-simulator src/config.js ports (simulatorApi 3000, testApi 3003); sdk-scheme-adapter modules/api-svc/src/config.js INBOUND_LISTEN_PORT 4000, OUTBOUND_LISTEN_PORT 4001, TEST_LISTEN_PORT 4002. */
export const SIMULATOR_PORTS = { backend: 3000, testApi: 3003, inbound: 4000, outbound: 4001, sdkTest: 4002, cache: 6379 } as const;

/** The two simulated DFSPs, named as helm's mojaloop-simulator instances and the golden path's hub.json (SIMPAYER_NAME, SIMPAYEE_NAME). */
export const SIMULATED_DFSPS = ['payerfsp', 'payeefsp'] as const;
export const simulatorName = (fsp: string): string => `sim-${fsp}`;

/** The golden-path collection: mojaloop/testing-toolkit-test-cases at the tag release-v17.3.0.md names (Testing Toolkit Test Cases v17.3.0). */
export const TEST_CASES = {
  repository: 'https://github.com/mojaloop/testing-toolkit-test-cases',
  tag: 'v17.3.0',
  /**
   * The P2P golden-path transfer (collections/hub/golden_path/feature_tests/p2p_money_transfer/
   * p2p_happy_path.json): party registration and lookup, quote, transfer, from the Toolkit
   * (testingtoolkitdfsp) to payeefsp. The whole collections/hub/golden_path also needs the
   * participants helm's provisioning collection creates (testfsp1-4, noresponsepayeefsp, FX
   * providers, the legacy simulator's oracle), which this scheme does not declare.
   */
  paths: ['collections/hub/golden_path/feature_tests/p2p_money_transfer/p2p_happy_path.json'],
} as const;

/** The party the golden path registers at payeefsp (hub.json toIdType/toIdValue). */
export const GOLDEN_PATH_CURRENCY = 'USD';
