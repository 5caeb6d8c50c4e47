// Programs built from the pinned Go modules under tools/ by
// scripts/e2e/build-tools.sh (cached outside the repository; instant when warm,
// minutes when cold, hence the long timeout callers give their beforeAll).
import { toolBin } from '../../scripts/e2e/tools';

/** The bin directory of tools/<module>, building it if needed. */
export const goToolsBin = toolBin;

/** Long enough for a cold build of a tools module on 2 cores. */
export const BUILD_TIMEOUT = 20 * 60_000;
