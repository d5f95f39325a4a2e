import type { AsmxService } from '../asmx-service/asmx-service';

export default async function teardown(): Promise<void> {
  await (globalThis as { __asmx?: AsmxService }).__asmx?.stop();
}
