// vitest globalSetup: builds promtool, amtool and alertmanager once, before the
// workers start (a cold build takes minutes; a warm one nothing). The workers
// inherit their paths through process.env (see prom-binaries.ts).
import { setupPromBinaries } from './prom-binaries';

export default function setup(): void {
  setupPromBinaries(['promtool', 'amtool', 'alertmanager']);
}
