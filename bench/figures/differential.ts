// Figure 10: the differential corpus (test/contract/differential/run.ts), run
// here so its size and its differences are figures of this run: against the
// real ASMX service when Mono is installed, without recorded answers otherwise.
import { execFileSync } from 'node:child_process';
import { startAsmxService, TEST_APP_KEY } from '../../test/asmx-service/asmx-service';
import { runDifferential, type DifferentialReport } from '../../test/contract/differential/run';

export interface DifferentialFigure {
  report: DifferentialReport;
  /** Why no answers were recorded, when none were. */
  withoutService?: string;
}

function hasMono(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v fastcgi-mono-server4 && command -v nginx'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function differential(inputs: number, seed: number): Promise<DifferentialFigure> {
  if (!hasMono())
    return { report: await runDifferential({ inputs, seed, appKey: TEST_APP_KEY }), withoutService: 'Mono and nginx are not installed (npm run setup)' };
  const service = await startAsmxService();
  try {
    return { report: await runDifferential({ inputs, seed, appKey: TEST_APP_KEY, asmxUrl: service.url }) };
  } finally {
    await service.stop();
  }
}
