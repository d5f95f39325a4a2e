// Starts the real ASMX test service once for the whole jest run.
import { startAsmxService, type AsmxService } from '../asmx-service/asmx-service';

export default async function setup(): Promise<void> {
  const service = await startAsmxService();
  process.env.IQ_TEST_ASMX_URL = service.url;
  process.env.IQ_TEST_ASMX_CHANGED_URL = service.changedUrl;
  process.env.IQ_TEST_ASMX_CATALOG_URL = service.catalogUrl;
  (globalThis as { __asmx?: AsmxService }).__asmx = service;
}
